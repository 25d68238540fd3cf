"""schoolpolicy: one school's YAML file plus the shared library in, its policy out.

The pipeline, one folder a stage:
    readers/   load school data, reference facts and the clause library into strict models
    check/     validate a school against the library and the facts (after reading, before resolving)
    resolve/   choose, number and render: a checked school + library -> one document model (model/)
    writers/   document model -> Markdown site, clauses.json, PDFs
    build.py   runs the stages for every school and swaps the output in
Shared by every stage: vocabulary.py (the project's words and id rules, defined once),
markup/ (Markdown, HTML and escaped school text), errors.py (located problems, terminal-safe text).
"""

__version__ = "0.1.0"
