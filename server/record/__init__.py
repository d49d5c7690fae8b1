"""A record people can trust: the hash chain over every session's log, the server's signature
on an archive's head, and the checks `roundtable verify` and the import both run
(docs/record.md says how to reimplement each)."""
