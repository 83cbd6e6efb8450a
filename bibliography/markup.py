"""HTML for citations, per-page reference lists and the site-wide bibliography page.

Everything returned here is inline or block HTML meant to sit in Markdown; all text
from the .bib file arrives escaped (``render.to_html``) or is escaped here
(``escape.text``). Prefixes and suffixes written in a page ("see", "emphasis added")
stay Markdown, as the author wrote them.

Structure of one citation (parenthetical; a narrative one has class
``citation citation-narrative`` and no outer parentheses)::

    <span class="citation" data-cites="KEY">(
      <span class="citation-item">
        <a class="citation-link" href="#ref-KEY" aria-describedby="citation-tip-N">
          Shumailov et al., 2024</a>
        <span class="citation-tooltip" role="tooltip" id="citation-tip-N"
              data-search-exclude>FULL REFERENCE</span>
      </span>)</span>

(written on one line). Structure of one reference entry::

    <div class="csl-entry" id="ref-KEY" role="listitem">FULL REFERENCE
      <a class="reference-bibliography-link" href="BIB#ref-KEY" ...>…</a></div>
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from . import escape
from .cite_syntax import CiteItem, Cluster
from .render import Layout, Rendered


def anchor(key: str) -> str:
    """The id of a record's entry, on a page and on the bibliography page."""
    return f"ref-{key}"


def tooltip_ids(prefix: str = "citation-tip") -> Iterator[str]:
    """Fresh ids for tooltips: citation-tip-1, citation-tip-2, ..."""
    return (f"{prefix}-{n}" for n in itertools.count(1))


def _item(
    item: CiteItem,
    rendered: Rendered,
    locator: str,
    layout: Layout,
    narrative: bool,
    tip_id: str,
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
        f'aria-describedby="{tip_id}">{text}</a><span class="citation-tooltip" role="tooltip" '
        f'id="{tip_id}" data-search-exclude>{rendered.tooltip}</span></span>'
    )
    return f"{item.prefix} {html}" if item.prefix else html


def citation(
    cluster: Cluster,
    rendered: Mapping[str, Rendered],
    layout: Layout,
    locate: Callable[[CiteItem], str],
    tip_ids: Iterator[str],
) -> str:
    """Inline HTML for one citation as written (all keys known).

    Args:
        cluster: The parsed citation.
        rendered: Pieces per key.
        layout: The style's citation layout (parentheses, delimiter, sorting).
        locate: Returns the HTML of an item's locator part (", p. 12"), "" if none.
        tip_ids: Source of unique tooltip ids.
    """
    items = list(cluster.items)
    # The style orders works cited together, but a prefix ("see", "compare") belongs to
    # the author's sentence: reordering would detach it from its place, so keep theirs.
    if layout.sorted and len(items) > 1 and not any(item.prefix for item in items):
        items.sort(key=lambda item: rendered[item.key].order)
    parts = [
        _item(item, rendered[item.key], locate(item), layout, cluster.narrative, next(tip_ids))
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


def references_section(
    entries: Sequence[Rendered], bibliography_url: str = "", heading: str = "References"
) -> str:
    """Markdown for a page's reference list (entries already in the style's order).

    The heading is ``## References { #references }`` (needs the attr_list extension);
    each entry has ``id="ref-KEY"`` and, when ``bibliography_url`` is given, a small
    link to the same record on the site-wide bibliography page.
    """
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
            f'<div class="csl-entry" id="{anchor(key)}" role="listitem">{entry.reference}{link}</div>'
        )
    lines += ["</div>", ""]
    return "\n".join(lines)


def _pre(text: str) -> str:
    # Newlines as entities keep the block on one Markdown line, so no Markdown reader
    # can take a blank line inside the BibTeX for the end of the HTML block.
    return escape.text(text).replace("\r\n", "\n").replace("\n", "&#10;")


def bibliography_page(
    entries: Sequence[Rendered],
    raw: Mapping[str, str],
    notes: Mapping[str, str],
    citers: Mapping[str, Iterable[tuple[str, str]]],
    downloads: Sequence[tuple[str, str]] = (),
) -> str:
    """HTML for the site-wide bibliography: every record, its BibTeX and its citing pages.

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
    lines.append('<div class="bibliography references csl-bib-body" role="list">')
    for entry in entries:
        key = entry.key
        pages = list(citers.get(key, ()))
        if pages:
            cited = ", ".join(
                f'<a href="{escape.attr(url)}">{escape.text(title)}</a>' for title, url in pages
            )
            cited_html = f'<p class="bibliography-citers">Cited in: {cited}.</p>'
        else:
            cited_html = '<p class="bibliography-citers">Not cited on any page yet.</p>'
        note = notes.get(key, "")
        note_html = f'<p class="bibliography-note">{escape.text(note)}</p>' if note else ""
        lines.append(
            f'<div class="csl-entry bibliography-entry" id="{anchor(escape.attr(key))}" '
            f'role="listitem"><p class="bibliography-reference">{entry.reference}</p>{note_html}'
            f"{cited_html}"
            f'<details data-search-exclude class="bibliography-bibtex"><summary>BibTeX <code>{escape.text(key)}</code>'
            f'</summary><pre><code class="language-bibtex">{_pre(raw.get(key, ""))}</code></pre>'
            "</details></div>"
        )
    lines += ["</div>", ""]
    return "\n".join(lines)
