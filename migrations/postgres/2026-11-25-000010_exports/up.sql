-- What the clerk proposes to do with a reaction, and its agenda item in the council's
-- raadsinformatiesysteem, for the list of incoming documents (lijst ingekomen stukken).
CREATE TABLE reaction_handling (
    reaction_id TEXT PRIMARY KEY NOT NULL REFERENCES reactions(id),
    handling TEXT CHECK (handling IN ('for_information', 'to_the_executive', 'agenda', 'other')),
    agenda_item TEXT,
    updated_by TEXT NOT NULL REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL
);

-- A final export is made once, after closing, and then served as it is.
CREATE TABLE stored_exports (
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    format TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('public', 'full')),
    content BYTEA NOT NULL,
    sha256 TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (consultation_id, format, level)
);
