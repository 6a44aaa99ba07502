-- The burst checks on every signature count recent rows per network and per mail domain,
-- and the support page lists the newest public names per target.
CREATE INDEX signatures_source_recent ON signatures (source_hash, created_at);
CREATE INDEX signatures_domain_recent ON signatures (email_domain, created_at);
CREATE INDEX signatures_target_confirmed ON signatures (target_id, state, confirmed_at);
