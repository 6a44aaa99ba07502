DROP TABLE speaking_requests;
