"""Essay front matter: every problem reported at once, each with its line and a fix."""

import pytest

from publishing import SourceErrors, validate_essay

GOOD = """---
title: A copy of a copy
description: What happens when models learn from models.
authors: [Ada Lovelace]
date: 2026-01-02
updated: 2026-02-03
tags: [model collapse]
---

Body.
"""


def _problems(text: str) -> list[str]:
    with pytest.raises(SourceErrors) as info:
        validate_essay("docs/essays/x.md", text)
    return [str(e) for e in info.value.errors]


def test_good_front_matter_parses():
    meta = validate_essay("docs/essays/x.md", GOOD)
    assert meta["title"] == "A copy of a copy"
    assert meta["authors"] == ["Ada Lovelace"]


def test_missing_front_matter():
    (msg,) = _problems("Just a body.\n")
    assert msg.startswith("docs/essays/x.md:1: the essay has no front matter")
    assert "title:" in msg


def test_missing_key_names_it_and_shows_an_example():
    (msg,) = _problems(GOOD.replace("tags: [model collapse]\n", ""))
    assert "front matter is missing 'tags'" in msg and "tags: [model collapse]" in msg


def test_long_description_reports_its_line_and_length():
    (msg,) = _problems(GOOD.replace("What happens when models learn from models.", "x" * 161))
    assert msg.startswith("docs/essays/x.md:3: description is 161 characters; the limit is 160")


def test_all_problems_at_once():
    bad = GOOD.replace("date: 2026-01-02", "date: soon").replace(
        "authors: [Ada Lovelace]", "authors: Ada"
    )
    msgs = _problems(bad.replace("tags:", "tagz:"))
    joined = "\n".join(msgs)
    assert "x.md:5: 'date' is not a date" in joined
    assert "x.md:4: authors must be a list of names" in joined
    assert "x.md:7: unknown front-matter key 'tagz'" in joined
    assert "missing 'tags'" in joined


def test_updated_before_date():
    (msg,) = _problems(GOOD.replace("updated: 2026-02-03", "updated: 2025-12-31"))
    assert "x.md:6: 'updated' is earlier than 'date'" in msg


def test_invalid_yaml_points_at_the_line():
    (msg,) = _problems(GOOD.replace("title: A copy of a copy", 'title: "unclosed'))
    assert "front matter is not valid YAML" in msg


def test_corrections_schema():
    ok = GOOD.replace(
        "tags:", "corrections:\n  - date: 2026-03-01\n    note: Fixed a value.\ntags:"
    )
    assert validate_essay("docs/essays/x.md", ok)["corrections"][0]["note"] == "Fixed a value."
    (msg,) = _problems(GOOD.replace("tags:", "corrections: [fixed it]\ntags:"))
    assert "corrections must be a list of {date, note} entries" in msg
