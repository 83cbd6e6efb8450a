"""head_html: Dublin Core, schema.org JSON-LD, PROV-AQ links and Google Scholar tags."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser

import pytest

from publishing.head_meta import LICENSE_URL, head_html

SITE = "https://collapse-provenance.github.io/knowledge-base/"
FIG = SITE + "figures/"


def essay(**changes) -> dict:
    info = {
        "title": "A copy of a copy",
        "description": "What model collapse is, with a simulation you can re-run.",
        "url": SITE + "essays/copy-of-a-copy/",
        "site_name": "Collapse & Provenance",
        "site_url": SITE,
        "authors": ["Collapse & Provenance editors"],
        "date": dt.date(2026, 11, 25),
        "updated": "2026-11-27",
        "is_essay": True,
        "dois": ["10.1038/s41586-024-07566-y", "https://doi.org/10.48550/arXiv.2404.01413"],
        "figures": [
            {"svg": FIG + "gaussian_collapse.svg", "prov": FIG + "gaussian_collapse.prov.json"},
            {"svg": FIG + "tail_loss.svg", "prov": FIG + "tail_loss.prov.json"},
        ],
        "references": ["Shumailov, I. et al. (2024). AI models collapse. Nature, 631, 755–759."],
        "language": "en",
    }
    info.update(changes)
    return info


class _Head(HTMLParser):
    """Collects <meta>, <link> and JSON-LD <script> elements as a browser would parse them."""

    def __init__(self):
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.links: list[dict[str, str]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta":
            self.meta.append((a["name"], a["content"]))
        elif tag == "link":
            self.links.append(a)
        elif tag == "script":
            assert a == {"type": "application/ld+json"}
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(html: str) -> _Head:
    head = _Head()
    head.feed(html)
    head.close()
    return head


def values(head: _Head, name: str) -> list[str]:
    return [v for n, v in head.meta if n == name]


def json_ld(html: str) -> dict:
    (script,) = parse(html).scripts
    return json.loads(script)


def test_dublin_core():
    head = parse(head_html(essay(authors=["Ada Lovelace", "Collapse & Provenance editors"])))
    assert {"rel": "schema.DC", "href": "http://purl.org/dc/elements/1.1/"} in head.links
    assert values(head, "DC.title") == ["A copy of a copy"]
    assert values(head, "DC.creator") == ["Ada Lovelace", "Collapse & Provenance editors"]
    assert values(head, "DC.date") == ["2026-11-25"]
    assert values(head, "DC.description") == [essay()["description"]]
    assert values(head, "DC.language") == ["en"]
    assert values(head, "DC.publisher") == ["Collapse & Provenance"]
    (rights,) = values(head, "DC.rights")
    assert "CC BY 4.0" in rights and LICENSE_URL in rights


def test_essay_json_ld_is_a_scholarly_article():
    data = json_ld(head_html(essay(authors=["Ada Lovelace", "Collapse & Provenance editors"])))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ScholarlyArticle"
    assert data["headline"] == "A copy of a copy"
    assert data["description"] == essay()["description"]
    assert data["author"] == [
        {"@type": "Person", "name": "Ada Lovelace"},
        {"@type": "Organization", "name": "Collapse & Provenance editors"},
    ]
    assert data["datePublished"] == "2026-11-25"
    assert data["dateModified"] == "2026-11-27"
    assert data["url"] == SITE + "essays/copy-of-a-copy/"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["isPartOf"] == {"@type": "WebSite", "name": "Collapse & Provenance", "url": SITE}
    assert data["citation"] == [
        {"@type": "CreativeWork", "identifier": "https://doi.org/10.1038/s41586-024-07566-y"},
        {"@type": "CreativeWork", "identifier": "https://doi.org/10.48550/arXiv.2404.01413"},
    ]
    assert data["isBasedOn"] == [FIG + "gaussian_collapse.svg", FIG + "tail_loss.svg"]


def test_authors_can_say_what_they_are():
    data = json_ld(head_html(essay(authors=[{"name": "The Archive", "type": "Person"}])))
    assert data["author"] == [{"@type": "Person", "name": "The Archive"}]


def test_other_pages_are_web_pages_without_scholar_tags():
    html = head_html(essay(is_essay=False, url=SITE + "glossary/", title="Glossary"))
    data = json_ld(html)
    assert data["@type"] == "WebPage"
    assert data["name"] == "Glossary"
    assert "citation" not in data and "headline" not in data
    assert not [n for n, _ in parse(html).meta if n.startswith("citation_")]


def test_has_provenance_links_per_figure():
    head = parse(head_html(essay()))
    prov = [link for link in head.links if link["rel"] != "schema.DC"]
    assert prov == [
        {
            "rel": "http://www.w3.org/ns/prov#has_provenance",
            "href": FIG + "gaussian_collapse.prov.json",
            "anchor": FIG + "gaussian_collapse.svg",
        },
        {
            "rel": "http://www.w3.org/ns/prov#has_provenance",
            "href": FIG + "tail_loss.prov.json",
            "anchor": FIG + "tail_loss.svg",
        },
    ]
    # Non-essay pages that show a figure point to its record too.
    assert len(parse(head_html(essay(is_essay=False))).links) == 3


def test_google_scholar_tags():
    head = parse(head_html(essay(authors=["Ada Lovelace", "Grace Hopper"])))
    assert values(head, "citation_title") == ["A copy of a copy"]
    assert values(head, "citation_author") == ["Ada Lovelace", "Grace Hopper"]
    assert values(head, "citation_publication_date") == ["2026/11/25"]
    assert values(head, "citation_online_date") == ["2026/11/25"]
    assert values(head, "citation_public_url") == [SITE + "essays/copy-of-a-copy/"]
    assert values(head, "citation_publisher") == ["Collapse & Provenance"]
    assert values(head, "citation_reference") == essay()["references"]
    assert not values(head, "citation_journal_title")


def test_a_script_end_tag_in_a_title_cannot_escape_the_json_ld():
    nasty = 'Collapse </script><script>alert("x")</script> & <!-- "quotes"'
    html = head_html(essay(title=nasty, description=nasty, references=[nasty]))
    # Only the element's own end tag closes it; with no "<!--" inside, an inner "<script>"
    # is plain text to an HTML parser (no "script data escaped" state).
    assert html.count("</script>") == 1
    assert "<\\/script>" in html
    head = parse(html)
    (script,) = head.scripts
    assert "<!--" not in script
    assert json.loads(head.scripts[0])["headline"] == nasty
    assert values(head, "DC.title") == [nasty]
    assert values(head, "citation_reference") == [nasty]
    # Everything outside the script is plain ASCII-safe markup: no raw '<' inside attributes.
    outside = re.sub(r"<script.*?</script>", "", html, flags=re.DOTALL)
    for tag in re.findall(r"<[^>]*>", outside):
        assert tag.count("<") == 1


def test_json_ld_is_ascii():
    html = head_html(essay(title="Réplique d’une copie — σ² ≈ 0"))
    (script,) = parse(html).scripts
    assert script.isascii()
    assert json.loads(script)["headline"] == "Réplique d’une copie — σ² ≈ 0"


def test_deterministic_and_order_free_where_order_means_nothing():
    a = head_html(essay())
    b = head_html(essay(dois=list(reversed(essay()["dois"]))))
    assert a == b == head_html(essay())
    dup = head_html(essay(dois=essay()["dois"] + ["doi:10.1038/s41586-024-07566-y"]))
    assert len(json_ld(dup)["citation"]) == 2


def test_updated_defaults_to_date():
    data = json_ld(head_html(essay(updated=None)))
    assert data["dateModified"] == data["datePublished"] == "2026-11-25"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("url", "/essays/copy-of-a-copy/"),
        ("site_url", "javascript:alert(1)"),
        ("figures", [{"svg": "figures/x.svg", "prov": FIG + "x.prov.json"}]),
        ("dois", ["not a doi"]),
        ("date", "25 November 2026"),
    ],
)
def test_bad_input_is_refused(key, value):
    with pytest.raises(ValueError):
        head_html(essay(**{key: value}))
