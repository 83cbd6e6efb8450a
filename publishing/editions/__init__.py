"""Editions of the built site for readers and archives (`make editions`).

- :mod:`~publishing.editions.feed`: the Atom feed of essays and corrections;
- :mod:`~publishing.editions.pdf`: a PDF per essay and one of the whole collection
  (WeasyPrint, from the built pages);
- :mod:`~publishing.editions.archive`: every file of the site as a WARC in a WACZ;
- :mod:`~publishing.editions.build`: all of them, in order, and the site resealed.
"""

from publishing.editions.archive import canonical_url, content_type, make_wacz
from publishing.editions.build import EditionError, Result, build_editions
from publishing.editions.feed import atom_feed, feed_entries
from publishing.editions.pdf import collection_html, essay_html, render_pdf
from publishing.editions.project import Correction, Essay, Project, load_project

__all__ = [
    "Correction",
    "EditionError",
    "Essay",
    "Project",
    "Result",
    "atom_feed",
    "build_editions",
    "canonical_url",
    "collection_html",
    "content_type",
    "essay_html",
    "feed_entries",
    "load_project",
    "make_wacz",
    "render_pdf",
]
