"""Build the site with Zensical: what it needs from us, and what 0.0.73 does differently.

Findings on Zensical 0.0.73 (checked against its sources in ``zensical/config.py``,
``zensical/markdown/render.py`` and ``zensical/extensions/context.py``):

- **Config.** ``zensical build -f mkdocs.yml`` reads MkDocs' format: ``site_name``,
  ``docs_dir``, ``site_dir``, ``nav``, ``theme`` (Material's options plus ``variant``:
  ``modern`` by default, ``classic`` for Material's look), ``extra_css``,
  ``extra_javascript``, ``markdown_extensions``, ``validation`` (links and anchors
  only), ``watch``. ``hooks:`` and unknown plugins (mkdocs-jupyter) are dropped without
  a word. ``docs_dir`` and ``site_dir`` must lie inside the config file's folder, and
  there is no ``--site-dir``: we write a generated config into a build folder of our own
  (``.cache/zensical/``) next to a copy of ``docs/``, and move its ``site/`` out.
- **Extensions.** Each Markdown page is rendered by Python-Markdown with the listed
  extensions, imported by name: the project root must be on ``PYTHONPATH`` (the
  ``zensical`` script's ``sys.path`` does not hold the working folder). The page being
  rendered is ``zensical.extensions.context.ContextPreprocessor.from_markdown(md).page``
  (``.path`` relative to ``docs_dir``, ``.url``, ``.meta`` with dates as strings; the
  front matter is already removed). Relative paths in extension options, such as
  ``pymdownx.snippets``' ``base_path``, resolve against the working folder: run it from
  the project root.
- **URLs in raw HTML** are taken as relative to the *source file* and rewritten (``.md``
  targets become page URLs). A page step that writes ``../../figures/x.svg`` for the page
  ``essays/x/`` (right for MkDocs) gets one ``../`` too many; under Zensical raw-HTML
  URLs must be relative to the source's folder (``../figures/x.svg``).
- **Page cache** (``.cache/`` beside the config): a page is rendered again only when its
  source, the config, the templates or a file under ``watch:`` changed (by mtime).
  Everything else a page depends on (the site context: figures, bibliography, versions
  for "cite this"; our code) must be watched, and files we generate are rewritten only
  when their bytes change. ``zensical build --clean`` deletes that whole ``.cache/``:
  pointed at the project's own config it would take the figure and notebook caches too.
- **Strict.** ``--strict`` fails the build on broken links and anchors found in the
  *source* Markdown; links produced by extensions are not checked, and an exception in
  an extension ends the build with a traceback. :func:`zensical_output` keeps the
  warnings and the error message and drops the traceback.

Notebooks have no renderer in Zensical; :mod:`publishing.notebook_pages` makes their
pages in the copy of ``docs/``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml

from publishing import notebook_pages
from publishing.notebook_pages import NotebookPage, notebook_files, point_links_at_pages
from publishing.site_steps import read_config

__all__ = [
    "BUILD_DIR",
    "ZensicalFailed",
    "build_with_zensical",
    "source_files",
    "sync_tree",
    "zensical_config",
    "zensical_output",
]

#: The folder holding the generated config, the copy of docs/, Zensical's cache and output.
BUILD_DIR = Path(".cache/zensical")
#: MkDocs-only plugins and settings, which Zensical would ignore anyway.
_DROPPED_PLUGINS = {"mkdocs-jupyter"}


class ZensicalFailed(RuntimeError):
    """Zensical reported errors; the message holds its warnings and error, no traceback."""


def _rel_nav(item: Any, pages: dict[str, str]) -> Any:
    if isinstance(item, str):
        return pages.get(item, item)
    if isinstance(item, list):
        return [_rel_nav(x, pages) for x in item]
    if isinstance(item, dict):
        return {k: _rel_nav(v, pages) for k, v in item.items()}
    return item


def zensical_config(config: dict, *, root: Path, notebooks: list[str], watch: list[Path]) -> dict:
    """The generator config Zensical gets, from the project's ``mkdocs.yml``.

    Args:
        config: ``mkdocs.yml`` as loaded (not changed).
        root: The project folder (``custom_dir`` and ``watch`` become absolute).
        notebooks: The notebooks' ``src_uri``s: their nav entries point at their pages.
        watch: Files or folders every page depends on, beyond the config's ``watch:``.

    Returns:
        The config for the build folder: ``docs_dir: docs``, ``site_dir: site``, the
        ``classic`` theme variant, no hooks, no MkDocs-only plugins.
    """
    out = {k: v for k, v in config.items() if k not in ("hooks", "docs_dir", "site_dir")}
    out["docs_dir"], out["site_dir"] = "docs", "site"
    theme = dict(config.get("theme") or {})
    theme["variant"] = "classic"
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    out["theme"] = theme
    plugins = []
    for p in config.get("plugins") or []:
        name = p if isinstance(p, str) else next(iter(p))
        if name not in _DROPPED_PLUGINS:
            plugins.append(p)
    out["plugins"] = plugins
    out["nav"] = _rel_nav(config.get("nav") or [], {n: NotebookPage(n).page for n in notebooks})
    watched = [str((root / w).resolve()) for w in config.get("watch") or []]
    watched += [str(Path(w).resolve()) for w in watch]
    out["watch"] = sorted(dict.fromkeys(watched))
    return out


def source_files(docs: Path, generated: dict[str, bytes], notebooks: list[str]) -> dict[str, bytes]:
    """Every file of the copy of ``docs/`` Zensical reads: ``{path: content}``.

    The notebooks are replaced by ``generated`` (their pages and downloads), and links to
    them in Markdown pages point at their pages; every other file is copied as is.
    """
    names = {NotebookPage(n).name for n in notebooks}
    files: dict[str, bytes] = {}
    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs).as_posix()
        if not path.is_file() or rel in notebooks:
            continue
        data = path.read_bytes()
        if path.suffix == ".md" and names:
            data = point_links_at_pages(data.decode("utf-8"), names).encode("utf-8")
        files[rel] = data
    files.update(generated)
    return files


def sync_tree(files: dict[str, bytes], dest: Path) -> int:
    """Make ``dest`` hold exactly ``files``, writing only what changed (mtimes stay).

    Zensical's page cache goes by modification times: an unchanged file must keep its
    time, or every page is rendered again on every build.

    Returns:
        The number of files written or removed.
    """
    changed = 0
    dest.mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        target = dest / rel
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        changed += 1
    for path in sorted(dest.rglob("*"), reverse=True):
        rel = path.relative_to(dest).as_posix()
        if path.is_file() and rel not in files:
            path.unlink()
            changed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed


def _write_if_changed(path: Path, data: bytes) -> None:
    if not (path.is_file() and path.read_bytes() == data):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def cached_render(cache: Path) -> Callable[[Path], str]:
    """nbconvert's rendering of a notebook, kept in ``cache`` by the notebook's bytes.

    nbconvert takes about a second per notebook; the key also holds the versions and
    the code that shape the HTML, so a change to any of them renders again.
    """
    code = b"".join(
        Path(m.__file__).read_bytes() for m in (notebook_pages,) if m.__file__ is not None
    )
    versions = ",".join(version(d) for d in ("nbconvert", "mkdocs-jupyter", "pygments"))

    def render(notebook: Path) -> str:
        key = hashlib.sha256(notebook.read_bytes() + code + versions.encode()).hexdigest()
        hit = cache / f"{notebook.stem}.{key[:32]}.html"
        if hit.is_file():
            return hit.read_text(encoding="utf-8")
        html = notebook_pages.notebook_html(notebook)
        cache.mkdir(parents=True, exist_ok=True)
        for old in cache.glob(f"{notebook.stem}.*.html"):
            old.unlink()
        _write_if_changed(hit, html.encode("utf-8"))
        return html

    return render


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def zensical_output(text: str) -> str:
    """Zensical's output for a reader: warnings and the error message, no traceback.

    An exception in a Markdown extension (ours: a citation or figure error naming
    file:line) reaches the terminal as ``RuntimeError: Python error: <Kind>: <message>``
    between two Python tracebacks; keep the message.
    """
    text = _ANSI.sub("", text)
    kept: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("Traceback (most recent call last):"):
            i += 1
            while i < len(lines) and (lines[i].startswith((" ", "\t")) or not lines[i]):
                i += 1
            continue
        m = re.match(r"^\w+(?:Error|Exception): (?:Python error: \w+: )?(.*)$", line)
        kept.append(m.group(1) if m else line)
        i += 1
    return "\n".join(line for line in kept if line.strip() not in ("Build started",)).strip()


def build_with_zensical(
    *,
    project: Path,
    config_file: Path,
    docs: Path,
    staging: Path,
    notebooks: dict[str, Path],
    watch: list[Path],
    env: dict[str, str],
    report: Callable[[str], None] = print,
) -> None:
    """Build the site with Zensical into ``staging`` (which must not exist).

    Args:
        project: The config's folder: the working folder of the build, which holds the
            build folder (``.cache/zensical/``).
        config_file: The project's ``mkdocs.yml``.
        docs: The page sources (``docs/``).
        staging: Where the built site goes.
        notebooks: ``{src_uri: notebook to publish}`` (executed, citations processed).
        watch: What every page depends on beyond the config's ``watch:`` (the site
            context file): a change to it renders every page again.
        env: Environment for Zensical (``PYTHONPATH`` with the project's packages, the
            site context's path).
        report: Where progress lines go.

    Raises:
        ZensicalFailed: Zensical exited non-zero; the message is its cleaned output.
    """
    build_dir = project / BUILD_DIR
    config = read_config(config_file)
    names = sorted(notebooks)
    generated = notebook_files(notebooks, render=cached_render(build_dir / "notebook-html"))
    changed = sync_tree(source_files(docs, generated, names), build_dir / "docs")
    zconfig = zensical_config(config, root=project, notebooks=names, watch=watch)
    generated_config = build_dir / "mkdocs.yml"
    _write_if_changed(
        generated_config,
        (
            "# Generated by publishing/zensical_project.py from mkdocs.yml; do not edit.\n"
            + yaml.safe_dump(zconfig, sort_keys=False, allow_unicode=True)
        ).encode("utf-8"),
    )
    if changed:
        report(f"zensical: {changed} source file(s) changed in {BUILD_DIR}/docs")
    out = build_dir / "site"
    shutil.rmtree(out, ignore_errors=True)
    proc = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(generated_config)],
        cwd=project,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    shown = zensical_output(proc.stdout + "\n" + proc.stderr)
    if proc.returncode != 0:
        shutil.rmtree(out, ignore_errors=True)
        raise ZensicalFailed(shown or f"zensical exited with status {proc.returncode}")
    if shown:
        report(shown)
    _edit_links_to_notebooks(out, config.get("edit_uri") or "", names)
    shutil.move(out, staging)  # may cross file systems (a temporary output folder)


def _edit_links_to_notebooks(site: Path, edit_uri: str, notebooks: list[str]) -> None:
    """A notebook page's "edit" link names the notebook, not the generated page."""
    if not edit_uri:
        return
    for src_uri in notebooks:
        page = NotebookPage(src_uri)
        html_file = site / page.stem / "index.html"
        if html_file.is_file():
            html = html_file.read_text(encoding="utf-8")
            wrong, right = f'{edit_uri}{page.page}"', f'{edit_uri}{src_uri}"'
            html_file.write_text(
                html.replace(wrong, right), encoding="utf-8"
            )  # may cross file systems (a temporary output folder)
