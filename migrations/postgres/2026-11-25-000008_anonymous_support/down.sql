ALTER TABLE consultations DROP COLUMN allow_anonymous_support;
