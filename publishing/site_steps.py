"""Site steps: what the build does around the generator, as two ordered lists of small functions.

``BEFORE`` runs before the generator: check every page and the bibliography, bring the
embedded figures up to date, execute the notebooks (and process their citations), and
write the site context the page steps read. ``AFTER`` runs on the generator's output:
copy the figure and bibliography downloads, write each page's head metadata from the
sources, print warnings, and seal the site. Each step is ``step(site: SiteBuild) -> None``;
the build wrapper (``publishing.build``) runs them, and ``hooks.py`` reruns ``BEFORE``
under ``mkdocs serve``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bibliography import Bibliography, scan_keys
from provenance import seal_site, source_commit
from publishing import notebooks
from publishing.errors import SourceError, SourceErrors
from publishing.figure_embed import (
    figure_names_in,
    figure_problems,
    module_docstring,
    relative_base,
    svg_pixel_size,
    unknown_figure,
)
from publishing.front_matter import validate_essay
from publishing.head_meta import head_html
from publishing.links import anchors_from, essay_not_in_nav, link_problems, nav_pages
from publishing.markdown_lines import split_front_matter
from publishing.notebook_cites import cite_notebook, cited_keys, notebook_title
from publishing.notebook_values import bind_notebook_values, notebook_value_refs
from publishing.site_context import (
    CONTEXT_FILE,
    SiteContext,
    is_essay,
    page_url,
    raw_html_base,
    write_context,
)
from publishing.values import derivation_pages, value_refs_in, value_table

__all__ = [
    "AFTER",
    "BEFORE",
    "SiteBuild",
    "Source",
    "check_bibliography",
    "check_figures",
    "check_links",
    "check_pages",
    "collect_warnings",
    "content_security_policy",
    "copy_bibliography_downloads",
    "copy_figures",
    "downloads",
    "figure_files",
    "finish_notebook_pages",
    "guard",
    "notebook_assets",
    "prepare_notebooks",
    "print_warnings",
    "read_config",
    "run_steps",
    "seal",
    "update_figures",
    "write_context_file",
    "write_head_meta",
]

ROOT = Path(__file__).resolve().parent.parent
BIB_FILE = "bibliography/references.bib"
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


class _ConfigLoader(yaml.SafeLoader):
    """Reads a generator config; tags only the generator understands (!ENV...) read as None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(config_file: Path) -> dict[str, Any]:
    """The generator's config (mkdocs.yml) as a plain mapping."""
    return yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}


@dataclass
class Source:
    """One page's source, read once: Markdown (front matter split off) or a notebook."""

    src_uri: str
    path: Path
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    notebook: dict | None = None

    @property
    def is_notebook(self) -> bool:
        return self.src_uri.endswith(".ipynb")

    @property
    def title(self) -> str:
        if self.meta.get("title"):
            return str(self.meta["title"])
        if self.notebook is not None:
            return notebook_title(self.notebook, self.src_uri)
        m = _H1.search(self.body)
        return m.group(1) if m else self.src_uri


@dataclass
class SiteBuild:
    """One build: its inputs, and what the steps found, for the steps that follow.

    Attributes:
        config_file: The generator's config file (mkdocs.yml).
        out: The folder the generator writes (a staging folder during ``make site``).
        root: The project folder (simulations/, bibliography/, .cache/).
        report: Where progress lines go.
        urls_from_source: The generator reads relative URLs in raw HTML from the source
            file's folder (Zensical; see ``site_context.raw_html_base``).
    """

    config_file: Path
    out: Path | None = None
    root: Path = ROOT
    report: Callable[[str], None] = print
    urls_from_source: bool = False
    config: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    bib: Bibliography | None = None
    figures: dict[str, dict] = field(default_factory=dict)
    notebook_copies: dict[str, Path] = field(default_factory=dict)
    cites: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.config_file = Path(self.config_file).resolve()
        if not self.config:
            self.config = read_config(self.config_file)

    @property
    def config_dir(self) -> Path:
        return self.config_file.parent

    @property
    def docs_dir(self) -> Path:
        return (self.config_dir / self.config.get("docs_dir", "docs")).resolve()

    @property
    def context_file(self) -> Path:
        """Where the site context goes (``.cache/site/context.json`` by the config)."""
        return self.config_dir / CONTEXT_FILE

    @property
    def staged_docs(self) -> Path:
        """The docs folder the generator reads: links to docs/, executed notebooks."""
        return self.context_file.parent / "docs"

    @property
    def figure_cache(self) -> Path:
        return self.root / ".cache" / "figures"

    def shown(self, src_uri: str) -> str:
        path = self.docs_dir / src_uri
        return (
            path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)
        )

    @property
    def site_url(self) -> str:
        return (self.config.get("site_url") or "").rstrip("/") + "/"

    def embedded(self, src_uri: str) -> list[str]:
        """Figures a page embeds, in order (what the figures page step will embed)."""
        source = self.sources[src_uri]
        return [] if source.is_notebook else [name for name, _ in figure_names_in(source.body)]

    def quoted_modules(self, src_uri: str) -> list[str]:
        """Modules whose values a page quotes (``[[value: module.name]]``), in order."""
        source = self.sources[src_uri]
        if source.is_notebook:
            refs = notebook_value_refs(source.notebook or {})
        else:
            refs = [ref for ref, _ in value_refs_in(source.body)]
        return list(dict.fromkeys(ref.split(".", 1)[0] for ref in refs))


# -- before the generator ------------------------------------------------------------------


def _decode(path: Path, shown: str) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            shown,
            line,
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} on this line)",
            "save it as UTF-8 (in most editors: Save with encoding → UTF-8)",
        ) from None


def _front_matter(shown: str, text: str) -> tuple[dict[str, Any], str]:
    yaml_text, body, _offset = split_front_matter(text)
    if not yaml_text:
        return {}, body
    try:
        meta = yaml.safe_load(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SourceError(
            shown,
            mark.line + 2 if mark else 1,
            f"front matter is not valid YAML ({exc.problem if mark else exc})",
            "check quotes and indentation; quote values that contain ': '",
        ) from None
    if meta is None:
        return {}, body
    if not isinstance(meta, dict):
        raise SourceError(
            shown, 2, "front matter must be a mapping of keys", "write key: value lines"
        )
    return meta, body


def _page_files(docs_dir: Path) -> list[tuple[str, Path]]:
    """Every page: Markdown files, and notebooks under notebooks/ (hidden folders skipped)."""
    found = []
    for path in sorted(docs_dir.rglob("*")):
        src_uri = path.relative_to(docs_dir).as_posix()
        if any(part.startswith(".") for part in src_uri.split("/")) or not path.is_file():
            continue
        if path.suffix == ".md" or (path.suffix == ".ipynb" and src_uri.startswith("notebooks/")):
            found.append((src_uri, path))
    return found


def check_pages(site: SiteBuild) -> None:
    """Read every page once: UTF-8, any front matter valid YAML, essays fully checked.

    Raises:
        SourceErrors: every problem in every page, each with file:line and a fix.
    """
    errors: list[SourceError] = []
    for src_uri, path in _page_files(site.docs_dir):
        shown = site.shown(src_uri)
        try:
            text = _decode(path, shown)
            if src_uri.endswith(".ipynb"):
                try:
                    nb = json.loads(text)
                except json.JSONDecodeError as exc:
                    raise SourceError(
                        shown,
                        exc.lineno,
                        f"the notebook is not valid JSON ({exc.msg})",
                        "open and save it in Jupyter, or undo the hand edit",
                    ) from None
                site.sources[src_uri] = Source(src_uri, path, text, notebook=nb)
                continue
            meta, body = _front_matter(shown, text)
            if is_essay(src_uri):
                meta = validate_essay(shown, text)
            site.sources[src_uri] = Source(src_uri, path, text, meta=meta, body=body)
        except SourceError as exc:
            errors.append(exc)
        except SourceErrors as exc:
            errors.extend(exc.errors)
    if errors:
        raise SourceErrors(errors)
    for src_uri, source in site.sources.items():
        if not source.is_notebook:
            site.cites[src_uri] = list(dict.fromkeys(k for k, _ in scan_keys(source.body)))


def check_links(site: SiteBuild) -> None:
    """Links to pages and anchors of the site exist, and every essay is in the nav.

    The rules of ``publishing.links``, which ``python -m tools.editorial`` runs too, so
    that these problems come with file:line:column and a fix, not in MkDocs' words.

    Raises:
        SourceErrors: every broken link and every essay missing from the nav.
    """
    bodies = {uri: s.body for uri, s in site.sources.items() if not s.is_notebook}
    anchors = anchors_from(bodies)
    nav = nav_pages(site.config.get("nav"))
    problems: list[SourceError] = []
    for src_uri, source in site.sources.items():
        if source.is_notebook:
            continue
        shown = site.shown(src_uri)
        problems += link_problems(
            source.body,
            src_uri=src_uri,
            shown=shown,
            line_offset=split_front_matter(source.text)[2],
            pages=site.sources,
            anchors=anchors,
        )
        missing = essay_not_in_nav(src_uri, shown, nav) if is_essay(src_uri) else None
        if missing:
            problems.append(missing)
    if problems:
        raise SourceErrors(problems)


def check_bibliography(site: SiteBuild) -> None:
    """Read and validate the .bib file (raises BibliographyError listing every problem)."""
    # load() also turns a file that is not UTF-8 into a message with its line.
    site.bib = Bibliography.load(
        site.root / BIB_FILE, name=BIB_FILE, cache_dir=site.root / ".cache" / "bibliography"
    )


def update_figures(site: SiteBuild) -> None:
    """Run the simulations of the figures the pages embed whose inputs changed."""
    from simulations.engine import figure_names, load_index, run

    wanted = {name for src_uri in site.sources for name in site.embedded(src_uri)}
    # A page quoting a value needs its module run, whether or not it embeds the figure.
    wanted |= {name for src_uri in site.sources for name in site.quoted_modules(src_uri)}
    wanted &= set(figure_names())
    run(
        sorted(wanted),
        report=lambda line: None if line.startswith("  reused") else site.report(line),
    )
    site.figures = load_index(site.figure_cache)


def check_figures(site: SiteBuild) -> None:
    """Every figure line of every page names a built figure that may be embedded.

    The same rules as ``python -m tools.editorial`` (``figure_embed.unknown_figure`` and
    ``figure_problems``): known figure, alt text that describes it, and no scaffold
    prompt left in its docstring or META. Checked here, before the generator, so that
    one build lists every such problem under either generator.

    Raises:
        SourceErrors: every problem, each at the page's figure line.
    """
    problems: list[SourceError] = []
    docstrings: dict[str, str] = {}
    for src_uri, source in site.sources.items():
        if source.is_notebook:
            continue
        offset = split_front_matter(source.text)[2]
        for name, index in figure_names_in(source.body):
            line = offset + index + 1
            record = site.figures.get(name)
            if record is None:
                problems.append(unknown_figure(name, site.figures, site.shown(src_uri), line))
                continue
            if name not in docstrings:
                docstrings[name] = module_docstring(site.root / "simulations" / f"{name}.py")
            problems += figure_problems(
                name, record["meta"], docstrings[name], site.shown(src_uri), line
            )
    if problems:
        raise SourceErrors(problems)


def _stage_docs(site: SiteBuild) -> None:
    """A docs folder of links to the real files, where the notebooks are processed copies.

    The generator reads this folder; pages and messages still name docs/ (the page steps
    read sources from the real folder).
    """
    staged = site.staged_docs
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir(parents=True)
    notebook_dirs = {Path(uri).parent for uri in site.notebook_copies}
    for path in sorted(site.docs_dir.iterdir()):
        rel = path.relative_to(site.docs_dir)
        if rel in notebook_dirs:
            (staged / rel).mkdir()
            for child in sorted(path.iterdir()):
                if child.suffix != ".ipynb":
                    (staged / rel / child.name).symlink_to(child)
        else:
            (staged / rel).symlink_to(path)
    for src_uri, copy in site.notebook_copies.items():
        (staged / src_uri).symlink_to(copy)


def prepare_notebooks(site: SiteBuild) -> None:
    """Execute notebooks when they or their imports changed; process their citations.

    The generator renders ``.cache/site/notebooks/<name>.ipynb``: the executed copy, with
    citations expanded and a References cell (byte for byte the executed copy when the
    notebook cites nothing).
    """
    sources = {uri: s for uri, s in site.sources.items() if s.is_notebook}
    executed = notebooks.run([s.path for s in sources.values()]) if sources else {}
    out_dir = site.context_file.parent / "notebooks"
    out_dir.mkdir(parents=True, exist_ok=True)
    for src_uri, source in sources.items():
        copy = Path(executed[str(source.path)])
        site.cites[src_uri] = cited_keys(source.notebook)
        target = out_dir / source.path.name
        notebook = json.loads(copy.read_text(encoding="utf-8"))
        if notebook_value_refs(source.notebook):
            # Values are bound here, not by a page step: no generator runs those on notebooks.
            notebook = bind_notebook_values(
                notebook,
                value_table(site.figures, derivation_pages(site.docs_dir)),
                shown=site.shown(src_uri),
                source_text=source.text,
                base=relative_base(page_url(src_uri)),
            )
        if site.cites[src_uri] and site.bib is not None:
            cited = cite_notebook(
                notebook,
                bib=site.bib,
                shown=site.shown(src_uri),
                source_text=source.text,
                bibliography_url=raw_html_base(
                    src_uri, page_url(src_uri), from_source=site.urls_from_source
                )
                + "bibliography/",
            )
            text = json.dumps(cited.notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
            _write_if_changed(target, text.encode("utf-8"))
        elif notebook_value_refs(source.notebook):
            text = json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
            _write_if_changed(target, text.encode("utf-8"))
        else:
            _write_if_changed(target, copy.read_bytes())
        site.notebook_copies[src_uri] = target
    _stage_docs(site)


def _write_if_changed(path: Path, data: bytes) -> None:
    # Unchanged bytes keep their mtime: `mkdocs serve` does not rebuild for nothing.
    if path.exists() and path.read_bytes() == data:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _git_version(root: Path, path: Path) -> str:
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


def write_context_file(site: SiteBuild) -> None:
    """Write what the page steps need about the whole site to the context file."""
    sizes = {}
    for name in site.figures:
        svg = site.figure_cache / f"{name}.svg"
        sizes[name] = svg_pixel_size(svg.read_bytes()) if svg.exists() else None
    pages = {}
    for src_uri, source in site.sources.items():
        facts: dict[str, Any] = {"title": source.title, "cites": site.cites.get(src_uri, [])}
        if is_essay(src_uri):
            facts["version"] = _git_version(site.root, source.path)
        pages[src_uri] = facts
    context = SiteContext(
        root=site.root,
        docs_dir=site.docs_dir,
        site_name=site.config.get("site_name", ""),
        site_url=site.config.get("site_url") or "",
        repo_url=site.config.get("repo_url") or "",
        figures=site.figures,
        figure_sizes=sizes,
        bibliography_file=site.root / BIB_FILE if site.bib is not None else None,
        bibliography_shown=BIB_FILE,
        bibliography_cache=site.root / ".cache" / "bibliography",
        pages=pages,
        values=value_table(site.figures, derivation_pages(site.docs_dir)),
    )
    write_context(site.context_file, context)


#: Before the generator, in order.
BEFORE: tuple[Callable[[SiteBuild], None], ...] = (
    check_pages,
    check_links,
    check_bibliography,
    update_figures,
    check_figures,
    prepare_notebooks,
    write_context_file,
)


# -- after the generator -------------------------------------------------------------------


def figure_files(site: SiteBuild) -> list[tuple[str, Path]]:
    out = []
    for name in sorted(site.figures):
        # Every output the runner recorded (the phone and dark variants too), hash-checked.
        kinds = site.figures[name].get("files") or {"svg": "", "csv": "", "prov.json": ""}
        for ext in sorted(kinds):
            out.append((f"figures/{name}.{ext}", site.figure_cache / f"{name}.{ext}"))
        out.append((f"figures/{name}.py", site.root / "simulations" / f"{name}.py"))
    return out


def downloads(site: SiteBuild) -> list[tuple[str, str]]:
    if site.bib is None:
        return []
    return [("references.bib", site.bib.to_bibtex()), ("references.json", site.bib.to_csl_json())]


#: What makes an SVG more than a picture when a reader opens it on its own (the "SVG"
#: link): a document of the site's origin that no Content-Security-Policy covers.
_ACTIVE_SVG = re.compile(
    rb"<script\b|<foreignObject\b|\son[a-z]+\s*=|javascript:|(?:xlink:)?href\s*=\s*[\"']?\s*https?:",
    re.I,
)


def copy_figures(site: SiteBuild) -> None:
    """Every built figure's SVGs (all variants), CSV, PROV-JSON, values and module, under figures/.

    Raises:
        SourceError: a figure's SVG holds script, an event handler, a ``javascript:`` URL,
            ``<foreignObject>`` or a reference to another host, naming its simulation.
    """
    files = figure_files(site)
    for dest, src in files:
        m = _ACTIVE_SVG.search(src.read_bytes()) if dest.endswith("svg") else None
        if m:
            name = dest.removeprefix("figures/").split(".", 1)[0]
            raise SourceError(
                f"simulations/{name}.py",
                1,
                f"the figure's SVG ({dest}) holds "
                f"{m.group(0).decode(errors='replace').strip()!r}: "
                "opened from its link it would run or fetch something",
                "draw with matplotlib's SVG backend only; write no script, event handler, "
                "HTML or outside URL into the figure",
            )
    for dest, src in files:
        target = site.out / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)


def copy_bibliography_downloads(site: SiteBuild) -> None:
    """The bibliography as BibTeX and CSL-JSON downloads at the site root."""
    for dest, text in downloads(site):
        (site.out / dest).write_bytes(text.encode("utf-8"))


def _head_info(site: SiteBuild, source: Source) -> dict[str, Any]:
    config, meta, bib = site.config, source.meta, site.bib
    keys = site.cites.get(source.src_uri, [])
    known = [k for k in keys if bib is not None and k in bib]
    return {
        "title": meta.get("title") or source.title or config["site_name"],
        "description": meta.get("description") or config.get("site_description") or "",
        "url": site.site_url + page_url(source.src_uri),
        "site_name": config["site_name"],
        "site_url": site.site_url,
        "authors": meta.get("authors") or [config.get("site_author") or config["site_name"]],
        "date": meta.get("date"),
        "updated": meta.get("updated"),
        "is_essay": is_essay(source.src_uri),
        "dois": [d for k in known if (d := bib.doi(k))],
        "references": [bib.reference_text(k) for k in known],
        "figures": [
            {
                "svg": f"{site.site_url}figures/{n}.svg",
                "prov": f"{site.site_url}figures/{n}.prov.json",
            }
            for n in site.embedded(source.src_uri)
            if n in site.figures
        ],
        "language": "en",
    }


def write_head_meta(site: SiteBuild) -> None:
    """Dublin Core, JSON-LD, Highwire and PROV links in every page's <head>, from the sources.

    They name pages by their published address, so a site without ``site_url`` (a
    scratch project) gets none rather than wrong ones.
    """
    if not site.config.get("site_url"):
        site.report("site: no site_url in the config, so no head metadata was written")
        return
    missing = []
    for src_uri, source in sorted(site.sources.items()):
        page = site.out / page_url(src_uri) / "index.html"
        if not page.exists():
            missing.append(site.shown(src_uri))
            continue
        html = page.read_text(encoding="utf-8")
        page.write_text(
            html.replace("</head>", head_html(_head_info(site, source)) + "</head>", 1),
            encoding="utf-8",
        )
    if missing:
        raise SourceErrors(
            [
                SourceError(
                    shown,
                    1,
                    "the generator wrote no page for this source",
                    "add it to the nav of mkdocs.yml, or check the generator's log",
                )
                for shown in missing
            ]
        )


def collect_warnings(site: SiteBuild) -> list[str]:
    """Figures built but embedded nowhere; records cited on no page."""
    used = {n for uri in site.sources for n in site.embedded(uri)}
    out = [
        f"figure '{n}' is built but embedded in no page" for n in sorted(set(site.figures) - used)
    ]
    if site.bib is not None:
        cited = {k for keys in site.cites.values() for k in keys}
        out += [str(p) for p in site.bib.unused(cited)]
    return out


def finish_notebook_pages(site: SiteBuild) -> None:
    """Each notebook page's images as files beside it, lazy-loaded, instead of base64;
    code blocks that scroll sideways, and take keyboard focus, on a phone."""
    from publishing.notebook_code import scrollable_code
    from publishing.notebook_images import externalize, output_metadata

    for src_uri, copy in sorted(site.notebook_copies.items()):
        page = site.out / page_url(src_uri) / "index.html"
        if not page.exists():
            continue  # write_head_meta reports a page the generator did not write
        metadata = output_metadata(json.loads(copy.read_text(encoding="utf-8")))
        html, files = externalize(page.read_text(encoding="utf-8"), Path(src_uri).stem, metadata)
        for image in files:
            (page.parent / image.name).write_bytes(image.data)
        page.write_text(scrollable_code(html), encoding="utf-8")


def slim_search_index(site: SiteBuild) -> None:
    """Keep notebook code, References and Cite-this sections out of the search index."""
    from publishing.search_index import slim_site_index

    slim_site_index(site.out)


def notebook_assets(site: SiteBuild) -> None:
    """Notebook pages link one shared, pruned stylesheet and script files instead of
    ``<style>`` and ``<script>`` in the article (``publishing.notebook_assets``)."""
    from publishing.notebook_assets import share_notebook_assets

    pages = [
        site.out / page_url(uri) / "index.html"
        for uri, source in site.sources.items()
        if source.is_notebook
    ]
    written = share_notebook_assets(site.out, [p for p in pages if p.is_file()])
    if "inline CSS" in written:
        css = next(v for k, v in written.items() if k.endswith(".css"))
        site.report(
            f"site: notebook CSS {written['inline CSS'] // 1024} kB inline -> {css // 1024} kB shared"
        )


def content_security_policy(site: SiteBuild) -> None:
    """A Content-Security-Policy in every page (``publishing.csp``): the last HTML rewrite,
    since it hashes the templates' inline scripts and styles; the seal then covers it.

    Raises:
        SourceError: a page's content holds an inline script or style (which the policy
            would block), naming its source file and line; or a page has no ``<head>``.
    """
    from publishing.csp import InlineContent, PageWithoutHead, add_csp

    try:
        add_csp(site.out)
    except PageWithoutHead as exc:
        raise SourceError(
            Path(exc.path).relative_to(site.out).as_posix(),
            1,
            "the built page has no <head> to hold its Content-Security-Policy",
            "an HTML file in docs/ is published as it is: make it a whole page with a <head>",
        ) from None
    except InlineContent as exc:
        shown, line = _source_of(site, Path(exc.path), exc.snippet)
        raise SourceError(
            shown,
            line,
            f"the page holds an inline script or style, which its Content-Security-Policy "
            f"blocks ({exc.snippet})",
            "put the script in docs/javascripts/ (styles in docs/stylesheets/) and list it "
            "under extra_javascript (extra_css) in mkdocs.yml",
        ) from None


def _source_of(site: SiteBuild, page: Path, snippet: str) -> tuple[str, int]:
    """The source file of a built page, and the line where ``snippet``'s tag starts."""
    rel = page.relative_to(site.out).as_posix()
    for src_uri, source in site.sources.items():
        if page_url(src_uri) + "index.html" == rel or (
            page_url(src_uri) == "" and rel == "index.html"
        ):
            tag = snippet.split(">", 1)[0].split()[0]  # "<script" or "<style"
            at = source.text.find(tag)
            return site.shown(src_uri), (source.text[:at].count("\n") + 1 if at >= 0 else 1)
    return rel, 1


def print_warnings(site: SiteBuild) -> None:
    """Print the warnings (not fatal), before the seal line so that they are not missed."""
    for warning in collect_warnings(site):
        print(f"WARNING (not fatal) - {warning}", file=sys.stderr)


def seal(site: SiteBuild) -> None:
    """Write the site's BagIt-style manifests and print its Merkle root."""
    from simulations.engine import source_date_epoch

    root = seal_site(
        site.out,
        commit=source_commit(site.root),
        source_date_epoch=source_date_epoch(site.root),
    )
    site.report(f"site: sealed with manifest-sha256.txt; Merkle root {root}")


def guard(site: SiteBuild) -> None:
    """Refuse the site if a citation or marker went unprocessed, a page is missing, or
    the seal does not hold (raises ``publishing.guard.SiteGuardError``)."""
    from publishing.guard import guard_site

    guard_site(site.out, site.docs_dir)


#: After the generator, in order, on its output folder.
AFTER: tuple[Callable[[SiteBuild], None], ...] = (
    copy_figures,
    copy_bibliography_downloads,
    finish_notebook_pages,
    write_head_meta,
    slim_search_index,
    notebook_assets,
    # Last of the HTML rewrites (it hashes inline scripts and styles), before the seal.
    content_security_policy,
    print_warnings,
    seal,
    guard,
)


def run_steps(site: SiteBuild, steps) -> SiteBuild:
    """Run site steps in order on one build."""
    for step in steps:
        step(site)
    return site
