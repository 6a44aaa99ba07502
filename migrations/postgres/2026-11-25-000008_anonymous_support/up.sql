-- Whether residents may co-sign without showing a name.
ALTER TABLE consultations ADD COLUMN allow_anonymous_support BOOLEAN NOT NULL DEFAULT TRUE;
