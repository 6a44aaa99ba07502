DROP TABLE stored_exports;
DROP TABLE reaction_handling;
