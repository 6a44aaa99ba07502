-- PDF attachments of reactions, in the database so that every serve process sees them.
CREATE TABLE attachments (
    id TEXT PRIMARY KEY NOT NULL,
    reaction_id TEXT NOT NULL REFERENCES reactions(id) ON DELETE CASCADE,
    filename TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content BYTEA NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX attachments_reaction ON attachments (reaction_id, created_at);
