"""HTML for citations, per-page reference lists and the site-wide bibliography page.

Everything returned here is inline or block HTML meant to sit in Markdown; all text
from the .bib file arrives escaped (``render.to_html``) or is escaped here
(``escape.text``). Prefixes and suffixes written in a page ("see", "emphasis added")
stay Markdown, as the author wrote them.

Structure of one citation (parenthetical; a narrative one has class
``citation citation-narrative`` and no outer parentheses)::

    <span class="citation" data-cites="KEY">(
      <span class="citation-item">
        <a class="citation-link" href="#ref-KEY" id="cite-KEY-M" aria-describedby="citation-tip-N">
          Shumailov et al., 2024</a>
        <span class="citation-tooltip" role="tooltip" id="citation-tip-N"
              data-search-exclude>FULL REFERENCE</span>
      </span>)</span>

(written on one line; ``cite-KEY-M`` is the M-th place on the page citing KEY).
Structure of one reference entry::

    <div class="csl-entry" id="ref-KEY" role="listitem">FULL REFERENCE
      <span class="reference-backlinks">↩ <a href="#cite-KEY-1">a</a> <a …>b</a></span>
      <a class="reference-bibliography-link" href="BIB#ref-KEY" ...>…</a></div>
"""

from __future__ import annotations

import html as html_lib
import itertools
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from . import escape
from .cite_syntax import CiteItem, Cluster
from .render import Layout, Rendered

_TAG = re.compile(r"<[^>]+>")


def anchor(key: str) -> str:
    """The id of a record's entry, on a page and on the bibliography page."""
    return f"ref-{key}"


def tooltip_ids(prefix: str = "citation-tip") -> Iterator[str]:
    """Fresh ids for tooltips: citation-tip-1, citation-tip-2, ..."""
    return (f"{prefix}-{n}" for n in itertools.count(1))


def place_id(key: str, n: int) -> str:
    """The id of the ``n``-th place (from 1) on a page that cites ``key``."""
    return f"cite-{key}-{n}"


class CiteIds:
    """Ids for one page's citations, shared by every part of the page expanded apart
    (a notebook's Markdown cells): tooltip ids, and one id per place citing a record,
    numbered in reading order, so that they are unique on the page and stable between
    builds while the page's text stays the same."""

    def __init__(self) -> None:
        self._tips = tooltip_ids()
        self.uses: Counter[str] = Counter()

    def tip(self) -> str:
        return next(self._tips)

    def place(self, key: str) -> str:
        self.uses[key] += 1
        return place_id(key, self.uses[key])


def _item(
    item: CiteItem,
    rendered: Rendered,
    locator: str,
    layout: Layout,
    narrative: bool,
    tip_id: str,
    place: str,
) -> str:
    suffix = f" {item.suffix}" if item.suffix and not item.suffix.startswith(",") else item.suffix
    if narrative and rendered.author:
        text = (
            f"{rendered.author} {escape.text(layout.prefix)}{rendered.date}{locator}{suffix}"
            f"{escape.text(layout.suffix)}"
        )
    elif narrative:  # a style without author-date split (numeric): its own form
        text = f"{escape.text(layout.prefix)}{rendered.cite}{locator}{suffix}{escape.text(layout.suffix)}"
    elif item.suppress_author and rendered.author:
        text = f"{rendered.date}{locator}{suffix}"
    else:
        text = f"{rendered.cite}{locator}{suffix}"
    key = escape.attr(item.key)
    html = (
        f'<span class="citation-item"><a class="citation-link" href="#{anchor(key)}" '
        f'id="{escape.attr(place)}" aria-describedby="{tip_id}">{text}</a><span class="citation-tooltip" role="tooltip" '
        f'id="{tip_id}" data-search-exclude>{rendered.tooltip}</span></span>'
    )
    return f"{item.prefix} {html}" if item.prefix else html


def citation(
    cluster: Cluster,
    rendered: Mapping[str, Rendered],
    layout: Layout,
    locate: Callable[[CiteItem], str],
    ids: CiteIds,
) -> str:
    """Inline HTML for one citation as written (all keys known).

    Args:
        cluster: The parsed citation.
        rendered: Pieces per key.
        layout: The style's citation layout (parentheses, delimiter, sorting).
        locate: Returns the HTML of an item's locator part (", p. 12"), "" if none.
        ids: The page's tooltip and citing-place ids.
    """
    items = list(cluster.items)
    # The style orders works cited together, but a prefix ("see", "compare") belongs to
    # the author's sentence: reordering would detach it from its place, so keep theirs.
    if layout.sorted and len(items) > 1 and not any(item.prefix for item in items):
        items.sort(key=lambda item: rendered[item.key].order)
    parts = [
        _item(
            item,
            rendered[item.key],
            locate(item),
            layout,
            cluster.narrative,
            ids.tip(),
            ids.place(item.key),
        )
        for item in items
    ]
    keys = escape.attr(" ".join(dict.fromkeys(item.key for item in cluster.items)))
    if cluster.narrative:
        return f'<span class="citation citation-narrative" data-cites="{keys}">{parts[0]}</span>'
    inner = escape.text(layout.delimiter).join(parts)
    return (
        f'<span class="citation" data-cites="{keys}">{escape.text(layout.prefix)}{inner}'
        f"{escape.text(layout.suffix)}</span>"
    )


def backlinks(key: str, uses: int) -> str:
    """Links from a reference entry back to each place citing it: ``↩`` alone for one
    place, ``↩ a b c`` for several (as Wikipedia does); "" for none."""
    if uses < 1:
        return ""
    label = "Back to where the text cites this"
    if uses == 1:
        return (
            f' <span class="reference-backlinks"><a href="#{escape.attr(place_id(key, 1))}" '
            f'aria-label="{label}">↩</a></span>'
        )
    links = " ".join(
        f'<a href="#{escape.attr(place_id(key, n))}" aria-label="{label} ({n} of {uses})">'
        f"{_letters(n)}</a>"
        for n in range(1, uses + 1)
    )
    return f' <span class="reference-backlinks">↩ {links}</span>'


def _letters(n: int) -> str:
    """a, b, …, z, aa, ab, … for n = 1, 2, …"""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = string.ascii_lowercase[rest] + out
    return out


def references_section(
    entries: Sequence[Rendered],
    bibliography_url: str = "",
    heading: str = "References",
    uses: Mapping[str, int] | None = None,
) -> str:
    """Markdown for a page's reference list (entries already in the style's order).

    The heading is ``## References { #references }`` (needs the attr_list extension);
    each entry has ``id="ref-KEY"``, links back to each place citing it when ``uses``
    (key -> number of places) is given, and, when ``bibliography_url`` is given, a small
    link to the same record on the site-wide bibliography page.
    """
    uses = uses or {}
    if not entries:
        return ""
    lines = [
        f"## {heading} {{ #references }}",
        "",
        '<div class="references csl-bib-body" role="list">',
    ]
    for entry in entries:
        key = escape.attr(entry.key)
        link = ""
        if bibliography_url:
            href = escape.attr(f"{bibliography_url}#{anchor(entry.key)}")
            link = (
                f' <a class="reference-bibliography-link" href="{href}" '
                'title="This record in the site bibliography, with its BibTeX and the pages '
                'citing it">BibTeX</a>'
            )
        lines.append(
            f'<div class="csl-entry" id="{anchor(key)}" role="listitem">{entry.reference}'
            f"{backlinks(entry.key, uses.get(entry.key, 0))}{link}</div>"
        )
    lines += ["</div>", ""]
    return "\n".join(lines)


def _pre(text: str) -> str:
    # Newlines as entities keep the block on one Markdown line, so no Markdown reader
    # can take a blank line inside the BibTeX for the end of the HTML block.
    return escape.text(text).replace("\r\n", "\n").replace("\n", "&#10;")


def first_letter(reference_html: str) -> str:
    """The letter a reference files under: its first letter, accents dropped, A–Z, else "#"."""
    text = html_lib.unescape(_TAG.sub("", reference_html))
    for char in unicodedata.normalize("NFKD", text):
        if char.isalpha():
            return char.upper() if char.upper() in string.ascii_uppercase else "#"
        if char.isdigit():
            return "#"
    return "#"


def letter_id(letter: str) -> str:
    """The id of a letter's group on the bibliography page: ``letter-a`` … ``letter-other``."""
    return f"letter-{letter.lower()}" if letter != "#" else "letter-other"


def jump_bar(letters: Iterable[str]) -> str:
    """A–Z links to the letters that have entries; the other letters are shown, not linked."""
    present = set(letters)
    cells = [
        f'<a href="#{letter_id(letter)}">{letter}</a>'
        if letter in present
        else f'<span aria-hidden="true">{letter}</span>'
        for letter in string.ascii_uppercase
    ]
    if "#" in present:
        cells.append(f'<a href="#{letter_id("#")}" aria-label="Other">#</a>')
    return (
        '<nav class="bibliography-jump" aria-label="References by first letter" '
        f"data-search-exclude>{''.join(cells)}</nav>"
    )


def bibliography_page(
    entries: Sequence[Rendered],
    raw: Mapping[str, str],
    notes: Mapping[str, str],
    citers: Mapping[str, Iterable[tuple[str, str]]],
    downloads: Sequence[tuple[str, str]] = (),
) -> str:
    """HTML for the site-wide bibliography: every record, its BibTeX and its citing pages.

    Entries are grouped by first letter (``<h2 id="letter-a">``, a list per letter) under
    a jump bar; each has one small "BibTeX" disclosure, kept out of the search index.

    Args:
        entries: Every record, in the style's order.
        raw: Key -> the record's original BibTeX.
        notes: Key -> the record's note (shown under the reference), if any.
        citers: Key -> (page title, page url) for each page citing it.
        downloads: (label, url) pairs shown as download links above the list.
    """
    lines = []
    if downloads:
        links = " · ".join(
            f'<a href="{escape.attr(url)}" download>{escape.text(label)}</a>'
            for label, url in downloads
        )
        lines.append(f'<p class="bibliography-downloads">Download the bibliography: {links}</p>')
        lines.append("")
    groups: dict[str, list[Rendered]] = {}
    for entry in entries:
        groups.setdefault(first_letter(entry.reference), []).append(entry)
    order = sorted(groups, key=lambda letter: (letter == "#", letter))
    lines += [jump_bar(order), ""]
    for letter in order:
        shown = "Other" if letter == "#" else letter
        lines.append(f'<h2 class="bibliography-letter" id="{letter_id(letter)}">{shown}</h2>')
        lines.append("")
        lines.append('<div class="bibliography references csl-bib-body" role="list">')
        lines += [_bibliography_entry(entry, raw, notes, citers) for entry in groups[letter]]
        lines += ["</div>", ""]
    return "\n".join(lines)


def _bibliography_entry(
    entry: Rendered,
    raw: Mapping[str, str],
    notes: Mapping[str, str],
    citers: Mapping[str, Iterable[tuple[str, str]]],
) -> str:
    key = entry.key
    pages = list(citers.get(key, ()))
    if pages:
        cited = ", ".join(
            f'<a href="{escape.attr(url)}">{escape.text(title)}</a>' for title, url in pages
        )
        cited_html = f'<span class="bibliography-citers">Cited in: {cited}.</span>'
    else:
        cited_html = '<span class="bibliography-citers">Not cited on any page yet.</span>'
    note = notes.get(key, "")
    note_html = f'<span class="bibliography-note">{escape.text(note)}</span>' if note else ""
    return (
        f'<div class="csl-entry bibliography-entry" id="{anchor(escape.attr(key))}" '
        f'role="listitem"><p class="bibliography-reference">{entry.reference}</p>{note_html}'
        f"{cited_html}"
        '<details data-search-exclude class="bibliography-bibtex"><summary>BibTeX</summary>'
        # A bare <pre>, not <pre><code>: the theme mounts a copy button, overflow checks and
        # resize observers on every pre > code when the page loads, which for 61 closed
        # records was most of the bibliography page's main-thread work on a phone.
        f'<pre class="bibtex-record" tabindex="0">{_pre(raw.get(key, ""))}</pre>'
        "</details></div>"
    )
