DROP TABLE moderation_decisions;
DROP TABLE post_flags;
DROP TABLE posts;
DROP TABLE house_rules;
ALTER TABLE consultations DROP COLUMN allow_guest_posts;
ALTER TABLE consultations DROP COLUMN pre_moderation;
