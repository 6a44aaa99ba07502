DROP INDEX signatures_target_confirmed;
DROP INDEX signatures_domain_recent;
DROP INDEX signatures_source_recent;
