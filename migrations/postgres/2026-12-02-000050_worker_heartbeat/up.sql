-- One row per mail worker (`inspraak worker`, or the one inside `serve`), renewed every
-- round: the readiness check and the metrics tell from it whether mail is being delivered.
CREATE TABLE worker_heartbeats (
    worker_id TEXT PRIMARY KEY NOT NULL,
    beat_at TIMESTAMP NOT NULL
);
