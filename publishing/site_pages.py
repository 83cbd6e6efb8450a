"""What the site build does to pages, as plain Python: the hook only forwards events here.

One object per build holds the figure registry and the pre-scan of every page, then
transforms each page's Markdown: essay byline and front-matter checks, figure embeds,
citations and reference lists, "cite this essay".
"""

from __future__ import annotations

import html
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bibliography import Bibliography, BibliographyError, CitationError, scan_keys
from publishing.errors import SourceError, SourceErrors
from publishing.figure_embed import embed_figures, figure_names_in, relative_base, svg_pixel_size
from publishing.front_matter import as_date, validate_essay
from publishing.markdown_lines import split_front_matter
from publishing.reading import reading_minutes
from publishing.values import bind_values, derivation_pages, value_refs_in, value_table

ESSAY_DIR = "essays/"
BIB_FILE = "bibliography/references.bib"
BIBLIOGRAPHY_PAGE = "bibliography.md"
BIBLIOGRAPHY_MARKER = "<!-- bibliography -->"
_H1 = re.compile(r"^#\s+(.+?)\s*$", re.MULTILINE)


class BuildInputError(ValueError):
    """Bad input found while building (bibliography or citations): message lists file:line."""


def is_essay(src_uri: str) -> bool:
    return (
        src_uri.startswith(ESSAY_DIR)
        and src_uri.endswith(".md")
        and not src_uri.endswith("index.md")
    )


@dataclass
class SitePages:
    root: Path
    docs_dir: Path
    site_url: str
    repo_url: str
    cache_dir: Path
    registry: dict[str, dict] = field(default_factory=dict)
    sizes: dict[str, tuple[int, int] | None] = field(default_factory=dict)
    offsets: dict[str, int] = field(default_factory=dict)
    embedded: dict[str, list[str]] = field(default_factory=dict)
    cited_dois: dict[str, list[str]] = field(default_factory=dict)
    cited_references: dict[str, list[str]] = field(default_factory=dict)

    wanted: set[str] = field(default_factory=set)
    bib: Bibliography | None = None
    titles: dict[str, str] = field(default_factory=dict)
    cites: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def create(cls, root: Path, config, cache_dir: Path) -> SitePages:
        pages = cls(
            root=root,
            docs_dir=Path(config["docs_dir"]),
            site_url=config.get("site_url") or "",
            repo_url=config.get("repo_url") or "",
            cache_dir=cache_dir,
        )
        try:
            # Read by absolute path (the build may run from anywhere); report the
            # project-relative name, which is what a contributor sees.
            pages.bib = Bibliography.from_string(
                (root / BIB_FILE).read_text(encoding="utf-8-sig"),
                path=BIB_FILE,
                cache_dir=root / ".cache" / "bibliography",
            )
        except BibliographyError as exc:
            raise BuildInputError(str(exc)) from None
        return pages

    def use_registry(self, registry: dict[str, dict]) -> None:
        """Adopt the figure runner's records (after it has brought the wanted ones up to date)."""
        self.registry = registry
        self.values = value_table(registry, derivation_pages(self.docs_dir))
        for name in registry:
            svg = self.cache_dir / f"{name}.svg"
            self.sizes[name] = svg_pixel_size(svg.read_bytes()) if svg.exists() else None

    # -- files -----------------------------------------------------------------------------

    def generated_files(self) -> list[tuple[str, Path]]:
        """(site path, file) for every figure output, and the script that made it."""
        out = []
        for name in sorted(self.registry):
            for ext in ("svg", "csv", "prov.json", "values.json"):
                if ext != "values.json" or "values" in self.registry[name]:
                    out.append((f"figures/{name}.{ext}", self.cache_dir / f"{name}.{ext}"))
            out.append((f"figures/{name}.py", self.root / "simulations" / f"{name}.py"))
        return out

    def generated_content(self) -> list[tuple[str, str | bytes]]:
        """The bibliography as downloads: BibTeX and CSL-JSON."""
        if self.bib is None:
            return []
        return [
            ("references.bib", self.bib.to_bibtex()),
            ("references.json", self.bib.to_csl_json()),
        ]

    # -- whole-site pass -------------------------------------------------------------------

    def prescan(self, pages: Iterable[tuple[str, Path]]) -> None:
        """Read every page once: validate all essays' front matter, note line offsets."""
        errors: list[SourceError] = []
        for src_uri, path in pages:
            text = path.read_text(encoding="utf-8-sig")
            _yaml, body, offset = split_front_matter(text)
            self.offsets[src_uri] = offset
            self.wanted.update(name for name, _line in figure_names_in(body))
            # A page quoting a value needs its module run, embedded there or not.
            self.wanted.update(ref.split(".", 1)[0] for ref, _line in value_refs_in(body))
            self.cites[src_uri] = list(dict.fromkeys(key for key, _line in scan_keys(body)))
            self.titles[src_uri] = self._title(src_uri, _yaml, body)
            if is_essay(src_uri):
                try:
                    validate_essay(self._shown(src_uri), text)
                except SourceErrors as exc:
                    errors.extend(exc.errors)
        if errors:
            raise SourceErrors(errors)

    @staticmethod
    def _title(src_uri: str, yaml_text: str, body: str) -> str:
        m = re.search(r"^title:\s*(.+?)\s*$", yaml_text, re.MULTILINE)
        if m:
            return m.group(1).strip("\"'")
        m = _H1.search(body)
        return m.group(1) if m else src_uri

    def _shown(self, src_uri: str) -> str:
        """The path a contributor sees: relative to the project root when possible."""
        path = self.docs_dir / src_uri
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    # -- one page --------------------------------------------------------------------------

    def transform(self, markdown: str, src_uri: str, url: str, meta: dict) -> str:
        shown = self._shown(src_uri)
        offset = self.offsets.get(src_uri, 0)
        base = relative_base(url)
        # Values first, so a figure's HTML is never scanned for value tokens. The number is
        # inline HTML without Markdown syntax, so it needs no stash until the page-step
        # pipeline provides one.
        markdown = bind_values(
            markdown, self.values, page=shown, line_offset=offset, stash=str, base=base
        )
        markdown, names = embed_figures(
            markdown,
            page=shown,
            line_offset=offset,
            registry=self.registry,
            base=base,
            repo_url=self.repo_url,
            sizes=self.sizes,
        )
        self.embedded[src_uri] = names
        if is_essay(src_uri):
            markdown = self._essay_head(meta, markdown) + markdown
            markdown += self._corrections(meta, src_uri)
        if self.bib is not None:
            markdown = self._citations(markdown, src_uri, shown, offset, base, meta, url)
        return markdown

    def _citations(self, markdown, src_uri, shown, offset, base, meta, url) -> str:
        bib = self.bib
        try:
            expanded = bib.expand(markdown, page=shown, line_offset=offset)
        except CitationError as exc:
            raise BuildInputError(str(exc)) from None
        keys = expanded.keys
        self.cited_dois[src_uri] = [d for k in keys if (d := bib.doi(k))]
        self.cited_references[src_uri] = [bib.reference_text(k) for k in keys]
        markdown = bib.add_references(
            expanded.markdown, keys, bibliography_url=f"{base}bibliography/"
        )
        if is_essay(src_uri):
            absolute = self.site_url.rstrip("/") + "/" + url
            version = git_version(self.root, self.docs_dir / src_uri)
            markdown += "\n\n" + bib.cite_this(meta, absolute, version)
        if src_uri == BIBLIOGRAPHY_PAGE:
            markdown = self._bibliography_page(markdown, base)
        return markdown

    def _bibliography_page(self, markdown: str, base: str) -> str:
        citers: dict[str, list[tuple[str, str]]] = {}
        for src_uri, keys in sorted(self.cites.items()):
            if src_uri == BIBLIOGRAPHY_PAGE:
                continue
            page_url = "../" + _page_url(src_uri)
            for key in keys:
                citers.setdefault(key, []).append((self.titles.get(src_uri, src_uri), page_url))
        listing = self.bib.bibliography_page(
            citers,
            downloads=[("BibTeX", f"{base}references.bib"), ("CSL-JSON", f"{base}references.json")],
        )
        if BIBLIOGRAPHY_MARKER in markdown:
            return markdown.replace(BIBLIOGRAPHY_MARKER, listing, 1)
        return markdown.rstrip("\n") + "\n\n" + listing

    def _corrections(self, meta: dict, src_uri: str) -> str:
        """The "Updates and corrections" list, with a link to the essay's change history."""
        items = meta.get("corrections") or []
        if not items:
            return ""
        e = html.escape
        history = f"{self.repo_url.rstrip('/')}/commits/main/docs/{src_uri}"
        dated = sorted(((as_date(c["date"]), c["note"]) for c in items), reverse=True)
        lis = "".join(
            f'<li><time datetime="{d.isoformat()}">{d:%-d %B %Y}</time>: {e(note)}</li>'
            for d, note in dated
        )
        return (
            '\n\n<section class="kb-corrections" aria-labelledby="updates-and-corrections">\n'
            '<h2 id="updates-and-corrections">Updates and corrections</h2>\n'
            f"<ul>{lis}</ul>\n"
            f'<p>Every change to this essay is listed in its <a href="{e(history)}">change history</a>.</p>\n'
            "</section>\n"
        )

    def _essay_head(self, meta: dict, body: str) -> str:
        e = html.escape
        minutes = reading_minutes(body)
        authors = ", ".join(meta.get("authors") or [])
        bits = [f"By {e(authors)}"] if authors else []
        # YAML gives dates as date objects, but a quoted date arrives as text.
        published = as_date(meta["date"])
        updated = as_date(meta.get("updated")) or published
        bits.append(
            f'Published <time datetime="{published.isoformat()}">{published:%-d %B %Y}</time>'
        )
        bits.append(
            f'last updated <time datetime="{updated.isoformat()}">{updated:%-d %B %Y}</time>'
        )
        bits.append(f"{minutes} min read")
        return f'# {meta["title"]}\n\n<p class="kb-byline">{" · ".join(bits)}</p>\n\n'

    def head_info(self, src_uri: str, url: str, meta: dict, title: str | None, config) -> dict:
        """What publishing.head_meta needs to describe one page in its <head>."""
        site = (config.get("site_url") or "").rstrip("/") + "/"
        names = self.embedded.get(src_uri, [])
        return {
            "title": meta.get("title") or title or config["site_name"],
            "description": meta.get("description") or config.get("site_description") or "",
            "url": site + url,
            "site_name": config["site_name"],
            "site_url": site,
            "authors": meta.get("authors") or [config.get("site_author") or config["site_name"]],
            "date": meta.get("date"),
            "updated": meta.get("updated"),
            "is_essay": is_essay(src_uri),
            "dois": self.cited_dois.get(src_uri, []),
            "references": self.cited_references.get(src_uri, []),
            "figures": [
                {"svg": f"{site}figures/{n}.svg", "prov": f"{site}figures/{n}.prov.json"}
                for n in names
            ],
            "language": "en",
        }

    def warnings(self) -> list[str]:
        used = {n for names in self.embedded.values() for n in names}
        unused = sorted(set(self.registry) - used)
        out = [f"figure '{n}' is built but embedded in no page" for n in unused]
        if self.bib is not None:
            cited = {k for keys in self.cites.values() for k in keys}
            out += [str(p) for p in self.bib.unused(cited)]
        return out


def git_version(root: Path, path: Path) -> str:
    """Short hash of the last commit touching ``path``, or 'unversioned' outside git."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%h", "--", str(path)],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return out or "unversioned"
    except (OSError, subprocess.CalledProcessError):
        return "unversioned"


def _page_url(src_uri: str) -> str:
    """The directory URL MkDocs gives a page (use_directory_urls): a/b.md -> a/b/."""
    path = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    if path == "index":
        return ""
    if path.endswith("/index"):
        return path[: -len("index")]
    return path + "/"
