"""The site tree: the Markdown docs tree and config per school, MkDocs, the index of schools."""
