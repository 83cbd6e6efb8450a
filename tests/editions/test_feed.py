"""The Atom feed: parsed back by feedparser, every essay and correction, stable ids."""

from __future__ import annotations

import textwrap
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest

from publishing.editions import atom_feed, feed_entries, load_project
from publishing.errors import SourceError

SITE_URL = "https://example.org/kb/"


def write_project(root: Path, essays: dict[str, str], site_url: str = SITE_URL) -> Path:
    """A miniature project: mkdocs.yml with a nav, and essays with the given front matter."""
    nav = "\n".join(f"      - essays/{slug}.md" for slug in essays)
    (root / "docs" / "essays").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(
        f"site_name: Mini & Co\nsite_url: {site_url}\nsite_author: The editors\n"
        "site_description: A test site.\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        f"nav:\n  - Home: index.md\n  - Essays:\n{nav}\n",
        encoding="utf-8",
    )
    for slug, front in essays.items():
        (root / "docs" / "essays" / f"{slug}.md").write_text(
            f"---\n{textwrap.dedent(front).strip()}\n---\n\nBody.\n", encoding="utf-8"
        )
    return root


ESSAYS = {
    "first": """
        title: "A <b>bold</b> claim & more"
        description: The first essay.
        authors: [Ann Author, Bo Writer]
        date: 2026-01-10
        updated: 2026-02-01
        tags: [x]
        corrections:
          - date: 2026-02-01
            note: Fixed a sign.
          - date: 2026-02-01
            note: Fixed a second sign.
          - date: 2026-01-20
            note: Fixed a date.
        """,
    "second": """
        title: Second
        description: The second essay.
        authors: [Ann Author]
        date: 2026-01-15
        updated: 2026-01-15
        tags: [y]
        """,
}


def test_feed_parses_cleanly_and_has_every_essay_and_correction(tmp_path):
    project = load_project(write_project(tmp_path, ESSAYS))
    feed = feedparser.parse(atom_feed(project))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    ids = [e.id for e in feed.entries]
    assert len(ids) == len(set(ids)) == 5
    assert set(ids) == {
        "tag:collapse-provenance.github.io,2026:essays/first",
        "tag:collapse-provenance.github.io,2026:essays/second",
        "tag:collapse-provenance.github.io,2026:essays/first/corrections/2026-02-01-1",
        "tag:collapse-provenance.github.io,2026:essays/first/corrections/2026-02-01-2",
        "tag:collapse-provenance.github.io,2026:essays/first/corrections/2026-01-20-1",
    }
    first = next(e for e in feed.entries if e.id.endswith("essays/first"))
    # Markup in a title is text, not markup: it comes back character for character.
    assert first.title == "A <b>bold</b> claim & more"
    assert first.link == SITE_URL + "essays/first/"
    assert first.summary == "The first essay."
    assert [a.name for a in first.authors] == ["Ann Author", "Bo Writer"]
    assert first.published.startswith("2026-01-10") and first.updated.startswith("2026-02-01")
    notes = {e.summary for e in feed.entries if "/corrections/" in e.id}
    assert notes == {"Fixed a sign.", "Fixed a second sign.", "Fixed a date."}
    assert all(e.link.endswith("#updates-and-corrections") for e in feed.entries if "/corr" in e.id)


def test_entries_are_newest_first_and_the_feed_date_is_the_newest_entry(tmp_path):
    project = load_project(write_project(tmp_path, ESSAYS))
    feed = feedparser.parse(atom_feed(project, fallback_epoch=2_000_000_000))
    stamps = [e.updated for e in feed.entries]
    assert stamps == sorted(stamps, reverse=True)
    assert feed.feed.updated == "2026-02-01T00:00:00Z"  # not the clock, not the fallback


def test_an_empty_feed_takes_its_date_from_source_date_epoch(tmp_path):
    project = load_project(write_project(tmp_path, {}))
    feed = feedparser.parse(atom_feed(project, fallback_epoch=1_700_000_000))
    assert not feed.bozo and feed.entries == []
    assert feed.feed.updated == "2023-11-14T22:13:20Z"


def test_ids_do_not_change_when_other_essays_or_corrections_arrive(tmp_path):
    before = {
        e["id"]: e["title"]
        for e in feed_entries(load_project(write_project(tmp_path / "a", ESSAYS)))
    }
    more = dict(ESSAYS)
    more["third"] = ESSAYS["second"].replace("Second", "Third")
    more["first"] = ESSAYS["first"] + "  - date: 2026-03-01\n            note: Another.\n"
    after = {
        e["id"]: e["title"] for e in feed_entries(load_project(write_project(tmp_path / "b", more)))
    }
    assert set(before) < set(after)
    assert all(after[i] == before[i] for i in before)
    assert len(after) == len(before) + 2


def test_the_same_sources_give_the_same_bytes(tmp_path):
    root = write_project(tmp_path, ESSAYS)
    assert atom_feed(load_project(root)) == atom_feed(load_project(root))


def test_bad_sources_name_the_file_and_the_fix(tmp_path):
    root = write_project(tmp_path / "a", ESSAYS, site_url="")
    with pytest.raises(SourceError, match=r"^mkdocs.yml:1: site_url is missing"):
        load_project(root)
    broken = dict(ESSAYS, second=ESSAYS["second"] + "corrections:\n          - note: no date\n")
    with pytest.raises(SourceError, match=r"docs/essays/second.md:1: correction 1 needs"):
        load_project(write_project(tmp_path / "b", broken))


# -- the real site ---------------------------------------------------------------------


def test_the_sites_feed_has_every_essay(editions):
    data = (editions.a / "feed.xml").read_bytes()
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    project = editions.project
    by_link = {e.link: e for e in feed.entries}
    for essay in project.essays:
        entry = by_link[essay.url]
        assert entry.title == essay.title
        assert entry.summary == essay.description
        assert entry.published.startswith(essay.date.isoformat())
    logged = sum(len(e.corrections) for e in project.essays)
    assert len(feed.entries) == len(project.essays) + logged
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    self_link = next(link.href for link in feed.feed.links if link.rel == "self")
    assert self_link == project.site_url + "feed.xml"


class _Alternates(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if (
            tag == "link"
            and a.get("rel") == "alternate"
            and a.get("type") == "application/atom+xml"
        ):
            self.found.append(a.get("href") or "")


def test_every_page_announces_the_feed_in_its_head(editions):
    pages = sorted(editions.a.rglob("index.html"))
    assert len(pages) > 20
    for page in pages:
        parser = _Alternates()
        parser.feed(page.read_text("utf-8").split("</head>", 1)[0])
        rel = page.relative_to(editions.a).as_posix()
        assert len(parser.found) == 1, f"{rel}: {parser.found}"
        target = urljoin("http://x.invalid/" + rel, parser.found[0])
        assert target == "http://x.invalid/feed.xml", f"{rel} links the feed as {parser.found[0]}"
    home = (editions.a / "index.html").read_text("utf-8").split("</head>", 1)[1]
    assert 'href="feed.xml"' in home, "the home page's text links the feed"


def test_markup_and_quotes_in_front_matter_are_text_in_the_feed(tmp_path):
    hostile = (
        ESSAYS["second"]
        .replace("title: Second", "title: '<img src=x onerror=alert(1)>'")
        .replace("description: The second essay.", "description: 'Named \"collapse\" & <b>so</b>.'")
    )
    xml = atom_feed(load_project(write_project(tmp_path, {"second": hostile}))).decode("utf-8")
    # Escaped as text in the XML itself: no element a reader could render as markup.
    assert "<img" not in xml and "<b>" not in xml
    assert '<title type="text">&lt;img src=x onerror=alert(1)&gt;</title>' in xml
    feed = feedparser.parse(xml)
    assert not feed.bozo
    (entry,) = feed.entries
    assert entry.title == "<img src=x onerror=alert(1)>"
    assert entry.summary == 'Named "collapse" & <b>so</b>.'
