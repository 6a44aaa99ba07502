DROP TABLE submission_log;
DROP TABLE reaction_revisions;
DROP TABLE scenarios;
DROP TABLE positions;
DROP TABLE reactions;
DROP TABLE organisation_invitations;
DROP TABLE organisation_members;
DROP TABLE organisations;
