"""The Atom feed (RFC 4287): one entry per essay and one per logged correction.

Every value comes from front matter and ``mkdocs.yml``, never from the clock, so the
same sources always give the same bytes. Entry ids are tag URIs (RFC 4151) that depend
only on the essay's slug and the correction's date and rank, so a reader's feed client
never shows an entry twice, whatever else changes.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from publishing.editions.project import Essay, Project

ATOM = "http://www.w3.org/2005/Atom"
#: The tag-URI authority: the site's host and a year in which it held that name.
#: Ids built from it must never change, so neither must this (RFC 4151 §2.1).
TAG_AUTHORITY = "collapse-provenance.github.io,2026"
FEED_PATH = "feed.xml"


def essay_id(essay: Essay) -> str:
    return f"tag:{TAG_AUTHORITY}:essays/{essay.slug}"


def correction_id(essay: Essay, index: int) -> str:
    c = essay.corrections[index]
    return f"{essay_id(essay)}/corrections/{c.date.isoformat()}-{c.number}"


def _stamp(day: dt.date) -> str:
    # Front matter gives days; Atom wants a full RFC 3339 date-time.
    return f"{day.isoformat()}T00:00:00Z"


def feed_entries(project: Project) -> list[dict]:
    """Every entry as a plain dict, newest first (ties broken by id, for stable order)."""
    entries = []
    for essay in project.essays:
        entries.append(
            {
                "id": essay_id(essay),
                "title": essay.title,
                "summary": essay.description,
                "link": essay.url,
                "authors": essay.authors or (project.author,),
                "published": essay.date,
                "updated": max(essay.updated, essay.date),
                "categories": essay.tags,
            }
        )
        for i, c in enumerate(essay.corrections):
            entries.append(
                {
                    "id": correction_id(essay, i),
                    "title": f"Correction to “{essay.title}”",
                    "summary": c.note,
                    "link": essay.url + "#updates-and-corrections",
                    "authors": essay.authors or (project.author,),
                    "published": c.date,
                    "updated": c.date,
                    "categories": ("correction",),
                }
            )
    entries.sort(key=lambda e: e["id"])
    entries.sort(key=lambda e: (e["updated"], e["published"]), reverse=True)
    return entries


def atom_feed(project: Project, fallback_epoch: int = 0) -> bytes:
    """The feed document, UTF-8 encoded.

    Args:
        project: the site's settings and essays.
        fallback_epoch: ``SOURCE_DATE_EPOCH``; the feed's ``updated`` only when there
            is no entry to take it from (the feed's date is its newest entry's).
    """
    entries = feed_entries(project)
    ET.register_namespace("", ATOM)

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: v for k, v in attrs.items()})
        if text is not None:
            el.text = text  # ElementTree escapes &, < and > in text: titles stay text.
        return el

    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": project.language})
    sub(feed, "id", f"tag:{TAG_AUTHORITY}:feed")
    sub(feed, "title", project.site_name)
    if project.description:
        sub(feed, "subtitle", project.description)
    newest = (
        _stamp(entries[0]["updated"])
        if entries
        else dt.datetime.fromtimestamp(fallback_epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    sub(feed, "updated", newest)
    sub(feed, "link", rel="self", type="application/atom+xml", href=project.site_url + FEED_PATH)
    sub(feed, "link", rel="alternate", type="text/html", href=project.site_url)
    author = sub(feed, "author")
    sub(author, "name", project.author)
    sub(feed, "rights", "Text CC BY 4.0")
    for e in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", e["id"])
        sub(entry, "title", e["title"], type="text")
        sub(entry, "link", rel="alternate", type="text/html", href=e["link"])
        sub(entry, "published", _stamp(e["published"]))
        sub(entry, "updated", _stamp(e["updated"]))
        for name in e["authors"]:
            sub(sub(entry, "author"), "name", name)
        for term in e["categories"]:
            sub(entry, "category", term=term)
        sub(entry, "summary", e["summary"] or e["title"], type="text")
    ET.indent(feed, space="  ")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
