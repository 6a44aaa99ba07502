-- Ids are UUIDs stored as text; timestamps are UTC.
CREATE TABLE councils (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    logo_text TEXT NOT NULL,
    speaking_deadline_hours INTEGER NOT NULL,
    minutes_per_speaker INTEGER NOT NULL,
    total_speaking_minutes INTEGER NOT NULL,
    retention_days INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE council_roles (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    council_id TEXT NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('clerk', 'moderator', 'council_member')),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, council_id, role)
);
CREATE INDEX council_roles_council ON council_roles (council_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE throttle_events (
    id TEXT PRIMARY KEY NOT NULL,
    bucket TEXT NOT NULL,
    subject_hash TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL
);
CREATE INDEX throttle_events_lookup ON throttle_events (bucket, subject_hash, occurred_at);
CREATE INDEX throttle_events_age ON throttle_events (occurred_at);

CREATE TABLE committees (
    id TEXT PRIMARY KEY NOT NULL,
    council_id TEXT NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    clerk_email TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (council_id, name)
);

CREATE TABLE committee_members (
    id TEXT PRIMARY KEY NOT NULL,
    committee_id TEXT NOT NULL REFERENCES committees(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (committee_id, email)
);

CREATE TABLE consultations (
    id TEXT PRIMARY KEY NOT NULL,
    council_id TEXT NOT NULL REFERENCES councils(id),
    committee_id TEXT NOT NULL REFERENCES committees(id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    document_url TEXT,
    policy_version TEXT NOT NULL,
    meeting_at TIMESTAMP NOT NULL,
    deadline_at TIMESTAMP NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('concept', 'open', 'closed', 'archived')),
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX consultations_council ON consultations (council_id, state);
CREATE INDEX consultations_state_deadline ON consultations (state, deadline_at);

CREATE TABLE decision_points (
    id TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (consultation_id, number)
);
