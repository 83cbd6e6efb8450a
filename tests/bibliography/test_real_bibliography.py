"""The site's own references.bib: it loads cleanly and the flagged records were handled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bibliography import Bibliography

BIB_FILE = Path(__file__).resolve().parents[2] / "bibliography" / "references.bib"
# How many records the file holds, counted from the text (not from our parser).
ENTRIES = len(re.findall(r"^@\w+\{", BIB_FILE.read_text(encoding="utf-8"), re.MULTILINE))


@pytest.fixture(scope="module")
def bib() -> Bibliography:
    return Bibliography.from_string(BIB_FILE.read_text(encoding="utf-8"), path=str(BIB_FILE))


def record(key: str) -> str:
    text = BIB_FILE.read_text(encoding="utf-8")
    return re.search(rf"@\w+\{{{re.escape(key)},.*?\n\}}", text, re.DOTALL).group(0)


def test_loads_with_no_problems_and_has_every_record(bib):
    assert ENTRIES > 50
    assert len(bib) == ENTRIES


def test_every_record_renders_and_every_key_is_citable(bib):
    for key in bib.keys:
        assert bib.reference_html(key)
    page = bib.expand(" ".join(f"[@{key}]" for key in bib.keys), "all.md")
    assert len(page.keys) == ENTRIES


def test_flagged_details_were_removed(bib):
    feng = record("feng2025beyond")
    assert feng.startswith("@misc{") and "booktitle" not in feng and "ICLR" not in feng
    assert "https://arxiv.org/abs/2406.07515" in feng
    assert "url" not in record("graphite2025articles")
    assert "eprint" not in record("gerstgrasser2024inevitable")
    assert bib.reference_text("feng2025beyond").startswith(
        "Feng, Y., Dohmatob, E., Yang, P., Charton, F., & Kempe, J. (2024)."
    )


def test_in_text_citations_that_would_collide_are_told_apart(bib):
    link = re.compile(r'<a class="citation-link"[^>]*>(.*?)</a>')
    cites = {link.search(bib.expand(f"[@{key}]", "p.md").markdown).group(1) for key in bib.keys}
    assert len(cites) == ENTRIES
    page = bib.expand("[@dohmatob2024tale] [@dohmatob2024demystified]", "p.md").markdown
    assert "Dohmatob, Feng, Yang, et al., 2024" in page
    assert "Dohmatob, Feng, &amp; Kempe, 2024" in page
