"""writers: the document model out to files, one folder an output.

    site/   the Markdown docs tree and config for MkDocs, the site engine, the index of schools
    pdf/    print HTML and PDF jobs, the renderer, the pack, handouts, forms and the downloads list
    data/   clauses.json, changes.json, the approved record and the `clauses` listing
    logo.py the re-encoded logo both the site and the pack show
"""
