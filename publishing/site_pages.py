"""What the site build does to pages, as plain Python: the hook only forwards events here.

One object per build holds the figure registry and the pre-scan of every page, then
transforms each page's Markdown: essay byline and front-matter checks, figure embeds,
citations and reference lists, "cite this essay".
"""

from __future__ import annotations

import html
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from publishing.errors import SourceError, SourceErrors
from publishing.figure_embed import embed_figures, figure_names_in, relative_base, svg_pixel_size
from publishing.front_matter import as_date, validate_essay
from publishing.markdown_lines import split_front_matter
from publishing.reading import reading_minutes

ESSAY_DIR = "essays/"


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
    sources: dict[str, str] = field(default_factory=dict)
    embedded: dict[str, list[str]] = field(default_factory=dict)
    cited_dois: dict[str, list[str]] = field(default_factory=dict)
    cited_references: dict[str, list[str]] = field(default_factory=dict)

    wanted: set[str] = field(default_factory=set)

    @classmethod
    def create(cls, root: Path, config, cache_dir: Path) -> SitePages:
        return cls(
            root=root,
            docs_dir=Path(config["docs_dir"]),
            site_url=config.get("site_url") or "",
            repo_url=config.get("repo_url") or "",
            cache_dir=cache_dir,
        )

    def use_registry(self, registry: dict[str, dict]) -> None:
        """Adopt the figure runner's records (after it has brought the wanted ones up to date)."""
        self.registry = registry
        for name in registry:
            svg = self.cache_dir / f"{name}.svg"
            self.sizes[name] = svg_pixel_size(svg.read_bytes()) if svg.exists() else None

    # -- files -----------------------------------------------------------------------------

    def generated_files(self) -> list[tuple[str, Path]]:
        """(site path, file) for every figure output, and the script that made it."""
        out = []
        for name in sorted(self.registry):
            for ext in ("svg", "csv", "prov.json"):
                out.append((f"figures/{name}.{ext}", self.cache_dir / f"{name}.{ext}"))
            out.append((f"figures/{name}.py", self.root / "simulations" / f"{name}.py"))
        return out

    def generated_content(self) -> list[tuple[str, str | bytes]]:
        return []

    # -- whole-site pass -------------------------------------------------------------------

    def prescan(self, pages: Iterable[tuple[str, Path]]) -> None:
        """Read every page once: validate all essays' front matter, note line offsets."""
        errors: list[SourceError] = []
        for src_uri, path in pages:
            text = path.read_text(encoding="utf-8-sig")
            self.sources[src_uri] = text
            _yaml, body, offset = split_front_matter(text)
            self.offsets[src_uri] = offset
            self.wanted.update(name for name, _line in figure_names_in(body))
            if is_essay(src_uri):
                try:
                    validate_essay(self._shown(src_uri), text)
                except SourceErrors as exc:
                    errors.extend(exc.errors)
        if errors:
            raise SourceErrors(errors)

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
        return markdown

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
        bits.append(f'Published <time datetime="{meta["date"]}">{meta["date"]:%-d %B %Y}</time>')
        if meta.get("updated") and meta["updated"] != meta["date"]:
            bits.append(
                f'updated <time datetime="{meta["updated"]}">{meta["updated"]:%-d %B %Y}</time>'
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
        return [f"figure '{n}' is built but embedded in no page" for n in unused]


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
