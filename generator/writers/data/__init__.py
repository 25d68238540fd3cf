"""Data files: clauses.json, changes.json, the approved record, the `clauses` listing."""
