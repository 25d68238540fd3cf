"""schoolpolicy: one school's YAML file plus the shared library in, its policy out.

The pipeline, one folder a stage:
    readers/   load and validate school data, reference facts, the clause library
    resolve/   school + library -> one document model (model/)
    writers/   document model -> Markdown site, clauses.json, PDFs
    build.py   runs the stages for every school and swaps the output in
"""

__version__ = "0.1.0"
