DROP TABLE signature_reviews;
DROP TABLE district_postcodes;
DROP TABLE organisation_signatures;
DROP TABLE support_counts;
DROP TABLE signatures;
