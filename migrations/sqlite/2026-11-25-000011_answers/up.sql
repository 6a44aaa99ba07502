-- The nota van beantwoording (reactienota): the council's answer to the reactions of a
-- closed consultation. Each version is a draft until it is published; a published
-- version never changes, a correction is a new version and the old one stays readable.
CREATE TABLE answer_notes (
    id TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    version INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'published')),
    -- Counts saves of a draft, for conflict detection between two writers.
    revision INTEGER NOT NULL,
    procedure_text TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP,
    published_by TEXT REFERENCES users(id),
    UNIQUE (consultation_id, version)
);

-- One answer to one reaction or to a group of similar reactions.
CREATE TABLE answer_groups (
    id TEXT PRIMARY KEY NOT NULL,
    note_id TEXT NOT NULL REFERENCES answer_notes(id),
    number INTEGER NOT NULL,
    summary TEXT NOT NULL,
    reply TEXT NOT NULL,
    conclusion TEXT NOT NULL CHECK (conclusion IN ('change', 'no_change', 'out_of_scope')),
    UNIQUE (note_id, number)
);

-- Which reactions an answer answers: each reaction at most once per version.
CREATE TABLE answered_reactions (
    note_id TEXT NOT NULL REFERENCES answer_notes(id),
    reaction_id TEXT NOT NULL REFERENCES reactions(id),
    group_id TEXT NOT NULL REFERENCES answer_groups(id),
    PRIMARY KEY (note_id, reaction_id)
);
CREATE INDEX answered_reactions_group ON answered_reactions (group_id);

-- The changes to the beleidsnotitie, per beslispunt.
CREATE TABLE policy_changes (
    note_id TEXT NOT NULL REFERENCES answer_notes(id),
    decision_point_id TEXT NOT NULL REFERENCES decision_points(id),
    body TEXT NOT NULL,
    PRIMARY KEY (note_id, decision_point_id)
);

-- Every save of a draft, as a JSON snapshot, like reaction_revisions.
CREATE TABLE answer_note_revisions (
    id TEXT PRIMARY KEY NOT NULL,
    note_id TEXT NOT NULL REFERENCES answer_notes(id),
    revision INTEGER NOT NULL,
    saved_by TEXT NOT NULL REFERENCES users(id),
    saved_at TIMESTAMP NOT NULL,
    changed TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    UNIQUE (note_id, revision)
);

-- Civil servants a clerk lets write the nota of one consultation.
CREATE TABLE answer_writers (
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    granted_by TEXT NOT NULL REFERENCES users(id),
    granted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (consultation_id, user_id)
);

-- What the committee or the raad decided per beslispunt, with the official decision.
CREATE TABLE decision_outcomes (
    decision_point_id TEXT PRIMARY KEY NOT NULL REFERENCES decision_points(id),
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    outcome TEXT NOT NULL CHECK (outcome IN ('adopted', 'rejected', 'amended', 'deferred')),
    decision_url TEXT,
    explanation TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX decision_outcomes_consultation ON decision_outcomes (consultation_id);

-- Co-signers who asked for one mail when the council answers and one when it decides.
ALTER TABLE signatures ADD COLUMN wants_updates BOOLEAN NOT NULL DEFAULT FALSE;
