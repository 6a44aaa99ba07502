-- How a consultation's discussion is moderated, and whether residents without an
-- account may post after confirming their e-mail address.
ALTER TABLE consultations ADD COLUMN pre_moderation BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE consultations ADD COLUMN allow_guest_posts BOOLEAN NOT NULL DEFAULT FALSE;

-- The house rules shown next to every thread; numbered, edited by the admin.
CREATE TABLE house_rules (
    number INTEGER PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO house_rules (number, title, body, updated_at) VALUES
    (1, 'Blijf bij het onderwerp', 'Schrijf over de beleidsnotitie, de reactie of het scenario van deze discussie.', '2026-11-25 00:00:00'),
    (2, 'Wees beleefd', 'Geen scheldwoorden, bedreigingen of persoonlijke aanvallen. Kritiek op plannen mag, op personen niet.', '2026-11-25 00:00:00'),
    (3, 'Niemand uitsluiten', 'Geen discriminatie om afkomst, geloof, geslacht, seksuele voorkeur, leeftijd of beperking.', '2026-11-25 00:00:00'),
    (4, 'Bescherm de privacy van anderen', 'Zet geen namen, adressen, telefoonnummers of foto''s van anderen in een bericht.', '2026-11-25 00:00:00'),
    (5, 'Geen reclame', 'Geen reclame, spam of berichten die steeds herhaald worden.', '2026-11-25 00:00:00');

-- Posts in the thread under a consultation, a published reaction or a scenario
-- (`subject_id`). Replies (`parent_id`) go one level deep.
CREATE TABLE posts (
    id TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('consultation', 'reaction', 'scenario')),
    subject_id TEXT NOT NULL,
    parent_id TEXT REFERENCES posts(id),
    author_id TEXT REFERENCES users(id),
    author_name TEXT NOT NULL,
    -- Only for residents without an account: where to send the confirmation and the
    -- moderator's decision. Removed by `purge` with the signers' addresses.
    guest_email TEXT,
    confirm_token_hash TEXT UNIQUE,
    confirm_expires_at TIMESTAMP,
    body TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('unconfirmed', 'pending', 'visible', 'held', 'hidden', 'deleted')),
    created_at TIMESTAMP NOT NULL,
    edited_at TIMESTAMP,
    moderated_at TIMESTAMP,
    moderation_rule TEXT,
    moderation_reason TEXT
);
CREATE INDEX posts_thread ON posts (subject_id, parent_id, created_at);
CREATE INDEX posts_parent ON posts (parent_id, created_at);
CREATE INDEX posts_author ON posts (author_id, created_at);
CREATE INDEX posts_consultation_state ON posts (consultation_id, state);

-- One flag per user per post; kept after the moderator's decision (`resolved_at`).
CREATE TABLE post_flags (
    post_id TEXT NOT NULL REFERENCES posts(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    PRIMARY KEY (post_id, user_id)
);

-- Every moderation decision, shown publicly per consultation (without hidden text).
-- `moderator_id` is empty when three flags held a post automatically.
CREATE TABLE moderation_decisions (
    id TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    post_id TEXT NOT NULL REFERENCES posts(id),
    moderator_id TEXT REFERENCES users(id),
    action TEXT NOT NULL CHECK (action IN ('held', 'approve', 'hide', 'restore')),
    rule TEXT,
    reason TEXT NOT NULL,
    decided_at TIMESTAMP NOT NULL
);
CREATE INDEX moderation_decisions_consultation ON moderation_decisions (consultation_id, decided_at);
CREATE INDEX moderation_decisions_post ON moderation_decisions (post_id, decided_at);
