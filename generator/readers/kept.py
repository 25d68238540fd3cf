"""The library's and the reference data's YAML files, parsed once and kept as data in the build cache.

Reading those files (checking every event for hidden characters and limits, composing the nodes
to know each value's line) took most of the time `check` spent on the shared content, and they
change only when the library is updated. So each file's parsed data is kept in the build cache
as JSON, under a hash of the file's bytes and of what reads them: the same bytes give the same
data. What is kept is data, never code, and it is validated by the same models as the file
itself; an entry that is damaged, not JSON or not valid for its model is dropped, and the file
is read again. A file with a mistake is never kept: every run reads it, and says where.
A school's own files are always read afresh.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.cache import FORMAT, digest, in_this_process
from generator.readers.files import read_regular
from generator.readers.schema import validate
from generator.readers.yamlfile import parse_yaml

KIND = "yaml"
# Bump when what reading a YAML file gives changes (readers/yamlfile.py: its loader, its resolvers).
PARSED = "1"


def read_model(path: Path, shown: Path, model: type[BaseModel]) -> Any:
    """The file at `path` (named `shown` in messages) validated as `model`; DataError when it is wrong."""
    cache = in_this_process()
    if cache is None:
        return validate(model, parse_yaml(read_regular(path, shown), shown))
    import yaml

    raw = read_regular(path, shown)
    key = digest(KIND, FORMAT, PARSED, yaml.__version__, raw)
    kept = cache.read(KIND, key, ".json")
    if kept is not None:
        try:
            data = json.loads(kept)
        except (ValueError, RecursionError):  # not JSON: not an entry this tool wrote
            cache.discard(KIND, key, ".json")
        else:
            try:
                return model.model_validate({} if data is None else data)
            except (ValidationError, RecursionError):  # read the file: validate() says where, or keeps a number
                pass
    doc = parse_yaml(raw, shown)
    result = validate(model, doc)  # only a file without mistakes is kept
    if not doc.warnings and plain(doc.data):
        cache.write(KIND, key, ".json", json.dumps(doc.data).encode("ascii"))
    return result


def plain(value: Any, depth: int = 0) -> bool:
    """Data that JSON gives back exactly as it was: text keys, and text, whole numbers, finite
    numbers, true/false, nothing, lists and mappings of those."""
    if depth > 100:
        return False
    if value is None or isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(plain(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain(v, depth + 1) for k, v in value.items())
    return False
