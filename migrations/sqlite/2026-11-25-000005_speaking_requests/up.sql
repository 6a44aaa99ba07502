-- Requests to speak at the committee meeting about a submitted reaction.
CREATE TABLE speaking_requests (
    id TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    reaction_id TEXT NOT NULL REFERENCES reactions(id),
    requested_by TEXT NOT NULL REFERENCES users(id),
    speaker_name TEXT NOT NULL,
    on_behalf TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    decision_point_id TEXT REFERENCES decision_points(id),
    written_text TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'declined')),
    decision_reason TEXT,
    decided_by TEXT REFERENCES users(id),
    decided_at TIMESTAMP,
    -- The speaking time last mailed to an accepted speaker.
    announced_minutes INTEGER,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX speaking_requests_consultation ON speaking_requests (consultation_id, created_at);
CREATE INDEX speaking_requests_reaction ON speaking_requests (reaction_id);
