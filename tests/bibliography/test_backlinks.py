"""Each reference entry links back to each place on the page that cites it (↩ a b c)."""

from __future__ import annotations

import re

import pytest

from bibliography import Bibliography, CiteIds
from tests.bibliography.test_pages import BIB


@pytest.fixture(scope="module")
def bib() -> Bibliography:
    return Bibliography.from_string(BIB)


PAGE = (
    "First [@shumailov2024nature]. Then [@graphite2025articles; @shumailov2024nature].\n\n"
    "And @shumailov2024nature says so.\n"
)


def _ids(html: str) -> list[str]:
    return re.findall(r'\bid="(cite-[^"]+)"', html)


def _backlinks(html: str, key: str) -> list[tuple[str, str]]:
    entry = re.search(rf'<div class="csl-entry" id="ref-{key}".*?</div>', html).group(0)
    return re.findall(r'<a href="#(cite-[^"]+)"[^>]*>([^<]+)</a>', entry)


def test_every_citing_place_has_a_unique_stable_id(bib):
    expanded = bib.expand(PAGE, page="x.md")
    ids = _ids(expanded.markdown)
    assert ids == [
        "cite-shumailov2024nature-1",
        "cite-graphite2025articles-1",
        "cite-shumailov2024nature-2",
        "cite-shumailov2024nature-3",
    ]
    assert _ids(bib.expand(PAGE, page="x.md").markdown) == ids  # same text, same ids
    assert expanded.uses == {"shumailov2024nature": 3, "graphite2025articles": 1}


def test_entries_link_back_to_each_place_in_reading_order(bib):
    expanded = bib.expand(PAGE, page="x.md")
    html = bib.add_references(expanded.markdown, expanded.keys, uses=expanded.uses)
    assert _backlinks(html, "shumailov2024nature") == [
        ("cite-shumailov2024nature-1", "a"),
        ("cite-shumailov2024nature-2", "b"),
        ("cite-shumailov2024nature-3", "c"),
    ]
    assert _backlinks(html, "graphite2025articles") == [("cite-graphite2025articles-1", "↩")]
    for target, _ in _backlinks(html, "shumailov2024nature"):
        assert html.count(f'id="{target}"') == 1


def test_parts_of_one_page_share_their_ids(bib):
    ids = CiteIds()
    one = bib.expand("[@shumailov2024nature]", page="nb", ids=ids)
    two = bib.expand("[@shumailov2024nature]", page="nb", ids=ids)
    assert _ids(one.markdown + two.markdown) == [
        "cite-shumailov2024nature-1",
        "cite-shumailov2024nature-2",
    ]
    assert len(set(re.findall(r'id="(citation-tip-\d+)"', one.markdown + two.markdown))) == 2
    assert "cite-shumailov2024nature-2" in bib.references_section(
        ["shumailov2024nature"], uses=ids.uses
    )


def test_without_uses_there_are_no_backlinks(bib):
    assert "reference-backlinks" not in bib.references_section(["shumailov2024nature"])
