"""YAML's traps for a first-time writer, each said in plain English at the line to change, with
the fix to type (issue 26): a hashtag read as a comment, a tab, a colon in a value, an indent
that does not line up, and Word's curly quotes."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import DataError
from generator.readers.yamlfile import parse_yaml

SHOWN = Path("data/schools/x.yml")


def problems(text: str) -> list[str]:
    try:
        doc = parse_yaml(text.encode("utf-8"), SHOWN)
    except DataError as exc:
        return [str(p) for p in exc.problems]
    return [str(p) for p in doc.warnings]


def only(text: str) -> str:
    found = problems(text)
    assert len(found) == 1, found
    assert "Traceback" not in found[0]
    return found[0]


@pytest.mark.parametrize("text", [
    "policy:\n  hashtags: [#BroTeifi]\n  guides: all\ngovernance:\n  version: '1.0'\n",
    "policy:\n  hashtags: [\"#Ok\", #BroTeifi]\n  guides: all\n",
    "policy:\n  hashtags: #BroTeifi\n  guides: all\n",
    "policy:\n  hashtags:\n    - #BroTeifi\n  guides: all\n",
], ids=["in-a-list", "second-in-a-list", "alone", "list-item"])
def test_a_hashtag_is_not_a_comment(text):
    line = text.splitlines().index(next(ln for ln in text.splitlines() if "#BroTeifi" in ln)) + 1
    message = only(text)
    assert message.startswith(f"{SHOWN}:{line}:"), message
    assert "comment" in message and '"#BroTeifi"' in message, message
    assert "syntax error" not in message


def test_a_comment_after_a_key_with_a_block_below_is_still_a_comment():
    assert problems("roles: #the people\n  dsl: {title: x}\npolicy:\n  hashtags: [] # none yet\n") == []


@pytest.mark.parametrize("text,line", [
    ("school:\n\tname: X\n  phase: primary\n", 2),
    ("school:\n  name: X\n  \tphase: primary\n", 3),
])
def test_a_tab_is_named_as_a_tab(text, line):
    message = only(text)
    assert message.startswith(f"{SHOWN}:{line}:"), message
    assert "tab" in message and "spaces" in message, message
    assert "violates" not in message and "cannot start any token" not in message, message


def test_a_colon_in_a_value_says_to_quote_it():
    message = only("policy:\n  passwords_kept: in the office: top drawer\n  guides: all\n")
    assert message.startswith(f"{SHOWN}:2:"), message
    assert 'passwords_kept: "in the office: top drawer"' in message, message
    assert "mapping values" not in message


@pytest.mark.parametrize("text,line,spaces", [
    ("roles:\n  headteacher: {title: head}\n   dsl: {title: lead}\n  dpo: {title: dpo}\n", 3, 2),
    ("roles:\n  headteacher:\n    title: head\n     name: Mrs X\n  dpo: {title: dpo}\n", 4, 4),
    ("school:\n  name: X\n phase: primary\n", 3, 2),
])
def test_an_indent_that_does_not_line_up_says_how_many_spaces(text, line, spaces):
    message = only(text)
    assert message.startswith(f"{SHOWN}:{line}:"), message
    assert f"{spaces} spaces" in message and "line" in message, message
    assert "mapping values" not in message and "expected key" not in message, message


def test_words_curly_quotes_are_not_published_as_quotes():
    message = only("policy:\n  passwords_kept: “in the head of centre’s office”\n")
    assert message.startswith(f"{SHOWN}:2:"), message
    assert "warning" in message and "curly" in message, message
    assert 'passwords_kept: "in the head of centre’s office"' in message, message


def test_curly_quotes_round_a_colon_say_both():
    message = only("policy:\n  passwords_kept: “in the office: top”\n")
    assert message.startswith(f"{SHOWN}:2:"), message
    assert "curly" in message and 'passwords_kept: "in the office: top"' in message, message


def test_an_apostrophe_inside_text_is_fine():
    assert problems("policy:\n  passwords_kept: in the head’s office\nschool:\n  motto: ‘Learn’ and grow\n") == []
