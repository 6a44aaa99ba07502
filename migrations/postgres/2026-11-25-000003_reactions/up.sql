CREATE TABLE organisations (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('wijkorganisatie', 'bewonersplatform', 'stichting', 'vereniging', 'other')),
    district TEXT NOT NULL,
    website TEXT,
    description TEXT NOT NULL,
    verified_at TIMESTAMP,
    verified_by TEXT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE organisation_members (
    organisation_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('secretary', 'board', 'editor')),
    joined_at TIMESTAMP NOT NULL,
    PRIMARY KEY (organisation_id, user_id)
);
CREATE INDEX organisation_members_user ON organisation_members (user_id);

CREATE TABLE organisation_invitations (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('board', 'editor')),
    invited_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    accepted_at TIMESTAMP
);
CREATE INDEX organisation_invitations_org ON organisation_invitations (organisation_id);

CREATE TABLE reactions (
    id TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    -- NULL for a resident reacting as a private individual.
    organisation_id TEXT REFERENCES organisations(id),
    author_id TEXT NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    introduction TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    publish_name BOOLEAN NOT NULL DEFAULT FALSE,
    state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'withdrawn')),
    -- Raised by every save; a save must name the version it started from.
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP,
    submitted_by TEXT REFERENCES users(id),
    submitted_by_name TEXT,
    consent_at TIMESTAMP,
    submission_number TEXT UNIQUE,
    sequence INTEGER,
    content_hash TEXT,
    withdrawn_at TIMESTAMP,
    withdrawn_by TEXT REFERENCES users(id),
    UNIQUE (consultation_id, sequence)
);
CREATE INDEX reactions_consultation ON reactions (consultation_id, state, submitted_at);
CREATE INDEX reactions_organisation ON reactions (organisation_id);
CREATE INDEX reactions_author ON reactions (author_id);

CREATE TABLE positions (
    id TEXT PRIMARY KEY NOT NULL,
    reaction_id TEXT NOT NULL REFERENCES reactions(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    decision_point_id TEXT REFERENCES decision_points(id),
    stance TEXT NOT NULL CHECK (stance IN ('supports', 'opposes', 'amends')),
    body TEXT NOT NULL,
    UNIQUE (reaction_id, number)
);
CREATE INDEX positions_decision_point ON positions (decision_point_id);

CREATE TABLE scenarios (
    id TEXT PRIMARY KEY NOT NULL,
    reaction_id TEXT NOT NULL REFERENCES reactions(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    decision_point_id TEXT REFERENCES decision_points(id),
    title TEXT NOT NULL,
    operator TEXT NOT NULL CHECK (operator IN ('bewonersbeheer', 'gemeente', 'welzijnsorganisatie', 'cooperatie', 'other')),
    request TEXT NOT NULL,
    yearly_cost_euros BIGINT,
    cost_bearer TEXT NOT NULL,
    conditions TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (reaction_id, number)
);

CREATE TABLE reaction_revisions (
    id TEXT PRIMARY KEY NOT NULL,
    reaction_id TEXT NOT NULL REFERENCES reactions(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    saved_by TEXT NOT NULL REFERENCES users(id),
    saved_at TIMESTAMP NOT NULL,
    changed TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    UNIQUE (reaction_id, version)
);

-- Append-only, per consultation: each entry carries the hash of the one before it.
CREATE TABLE submission_log (
    id TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    sequence INTEGER NOT NULL,
    reaction_id TEXT NOT NULL REFERENCES reactions(id),
    event TEXT NOT NULL CHECK (event IN ('submitted', 'withdrawn')),
    content_hash TEXT NOT NULL,
    previous_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (consultation_id, sequence)
);
