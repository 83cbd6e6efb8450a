"""Execute the lab notebooks when they, or the code they import, changed.

mkdocs-jupyter's own cache looks at the notebook file alone, so an edit to a simulation
module would leave stale outputs on the page. We execute notebooks ourselves, keyed the
same way as the figure pipeline (the notebook's cells, the sources of every local module
its code imports, transitively, and the library versions), into `.cache/notebooks/`;
the site then renders the executed copy. Notebooks are stored in git without outputs.

The index records each executed copy's SHA-256; a copy is used only while its bytes
match, and a damaged index or copy is reported in one line and executed again. Each
notebook runs under the same time limit as a simulation (KB_TIMEOUT, default 300 s); past
it the kernel is stopped and the build fails naming the notebook.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from simulations.engine.cache_index import read_index, write_atomic, write_index
from simulations.engine.dependencies import (
    ROOT,
    SourceFileError,
    files_of_imports,
    read_source,
)
from simulations.engine.runner import SimulationFailed, time_limit

CACHE = ROOT / ".cache" / "notebooks"
#: Run silently before the first cell: figures in our house style, each shown as one
#: reproducible image, SVG with text as text or PNG where that is lighter
#: (``publishing.notebook_figures``, also part of the cache key).
SETUP = (
    "%matplotlib inline\n"
    "import matplotlib as _mpl\n"
    "from simulations import _style as _kb_style\n"
    "_mpl.rcParams.update(_kb_style.RC)\n"
    "from publishing import notebook_figures as _kb_figures\n"
    "_kb_figures.install(get_ipython())\n"
)
_FIGURES_MODULE = Path(__file__).with_name("notebook_figures.py")


class NotebookFailed(RuntimeError):
    """A notebook raised or ran out of time; the message names it, the cell, and what to do."""


@dataclass(frozen=True)
class NotebookOutcome:
    name: str
    status: str  # "ran" or "reused"
    seconds: float


def _code_without_magics(source: str) -> str:
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )


def imported_files(nb: dict, root: Path = ROOT) -> list[Path]:
    """Local files the notebook's code cells import, transitively."""
    files: set[Path] = set()
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        try:
            tree = ast.parse(_code_without_magics(source))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            files.update(files_of_imports(names, root))
    return sorted(files)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _read_notebook(path: Path, root: Path) -> dict:
    """The notebook's JSON, or NotebookFailed naming the file, the line and the fix."""
    try:
        nb = json.loads(read_source(path, root))
    except SourceFileError as exc:
        raise NotebookFailed(str(exc)) from None
    except json.JSONDecodeError as exc:
        raise NotebookFailed(
            f"{_shown(path, root)}:{exc.lineno}: not a notebook ({exc.msg}) — open and save it "
            "again in Jupyter, or restore it from git"
        ) from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise NotebookFailed(
            f"{_shown(path, root)}:1: not a notebook (no list of cells) — open and save it "
            "again in Jupyter, or restore it from git"
        )
    return nb


def cache_key(path: Path, root: Path = ROOT) -> str:
    """The digest of everything an executed copy depends on (cells, imports, versions)."""
    nb = _read_notebook(path, root)
    cells = [
        (c["cell_type"], "".join(c["source"]) if isinstance(c["source"], list) else c["source"])
        for c in nb["cells"]
    ]
    material = {
        "cells": cells,
        "imports": {
            p.relative_to(root).as_posix(): _digest(read_source(p, root).encode())
            for p in imported_files(nb, root)
        },
        "runner": _digest(Path(__file__).read_bytes() + _FIGURES_MODULE.read_bytes()),
        "versions": {lib: version(lib) for lib in ("numpy", "matplotlib", "nbclient", "ipykernel")},
    }
    return _digest(json.dumps(material, sort_keys=True).encode())


def execute(path: Path, root: Path = ROOT, timeout: float | None = None) -> str:
    """Execute one notebook in a fresh kernel; return the executed notebook as JSON text.

    Args:
        path: the notebook.
        root: the project root (the kernel's working folder).
        timeout: seconds the whole notebook may take (default: KB_TIMEOUT, else 300).

    Raises:
        NotebookFailed: a cell raised, the kernel died, or the time limit ran out (the
            kernel is then shut down, and killed if it does not stop).
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    try:
        limit = time_limit(timeout)
    except SimulationFailed as exc:
        raise NotebookFailed(str(exc)) from None
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(SETUP))
    started = time.monotonic()
    waiting: list = []  # the cell whose reply the client waits for
    client = NotebookClient(
        nb,
        # One limit for the notebook, not per cell: each cell gets what is left of it.
        timeout_func=lambda cell: _remaining(cell, limit, started, waiting),
        kernel_name="python3",
        allow_errors=False,
        record_timing=False,
        # stdout split across outputs depends on timing; merged streams are deterministic.
        coalesce_streams=True,
        resources={"metadata": {"path": str(root)}},
        # The kernel's transport notice is noise in build output; errors still show.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    shown = _shown(path, root)
    try:
        client.execute(env={**os.environ, "PYTHONHASHSEED": "0"})
    except (CellTimeoutError, TimeoutError):
        cell = nb.cells.index(waiting[-1]) - 1 if waiting else None  # less the setup cell
        raise NotebookFailed(
            f"notebook {shown} did not finish within the time limit of {limit:g} s: it was "
            f"stopped after {time.monotonic() - started:.1f} s"
            + (f" in cell {cell}" if cell is not None else "")
            + " (its kernel was shut down) and its last good output was kept; make it faster, "
            "or raise the limit: make site TIMEOUT=SECONDS (or KB_TIMEOUT)"
        ) from None
    except CellExecutionError as exc:
        tail = "\n".join(str(exc).strip().splitlines()[-8:])
        raise NotebookFailed(
            f"notebook {shown} failed; its last good output was kept:\n{tail}"
        ) from None
    except Exception as exc:  # the kernel could not start or died: say which notebook
        raise NotebookFailed(f"notebook {shown} could not be executed: {exc!r}") from None
    nb.cells.pop(0)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"  # stable ids: nbformat would otherwise mint random ones
        if cell.get("execution_count"):
            cell["execution_count"] -= 1  # the hidden setup cell took number 1
            for output in cell.get("outputs", []):
                if "execution_count" in output:
                    output["execution_count"] -= 1
    return nbformat.writes(nb) + "\n"


def _remaining(cell, limit: float, started: float, waiting: list) -> float:
    """nbclient asks each cell's timeout as it runs it: what is left of the notebook's."""
    waiting[:] = [cell]
    return max(limit - (time.monotonic() - started), 0.1)


def _entry_problem(entry: object) -> str | None:
    if isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in ("key", "sha256")):
        return None
    return "it is not a {key, sha256} object"


def _read_index(index_path: Path, report) -> dict[str, dict]:
    """name -> {"key", "sha256"} for every well-formed entry; damage is reported, not fatal."""
    return read_index(
        index_path,
        problem=_entry_problem,
        # A bare key string is the previous layout: stale, not damaged.
        stale=lambda entry: isinstance(entry, str),
        what="notebook",
        report=report,
    )


def run(
    notebooks: list[Path],
    *,
    root: Path = ROOT,
    cache: Path = CACHE,
    report=print,
    timeout: float | None = None,
) -> dict[str, Path]:
    """Bring executed copies up to date; return {notebook src path: executed copy}.

    An executed copy is used only while its bytes match the SHA-256 recorded when it was
    made; otherwise (truncated, edited, missing) the notebook is executed again.

    Raises:
        NotebookFailed: a notebook cannot be read, raised, or ran out of time; the
            copies executed before are kept.
    """
    index_path = cache / "index.json"
    index = _read_index(index_path, report)
    executed: dict[str, Path] = {}
    for path in sorted(notebooks):
        name = path.stem
        out = cache / path.name
        key = cache_key(path, root)
        entry = index.get(name)
        if entry and entry["key"] == key:
            try:
                intact = _digest(out.read_bytes()) == entry["sha256"]
            except OSError:
                intact = False
            if intact:
                executed[str(path)] = out
                continue
            report(
                f"  cache   {out} is missing or does not match the SHA-256 recorded when it "
                "was made (truncated or edited); executing the notebook again"
            )
        start = time.perf_counter()
        text = execute(path, root, timeout)
        write_atomic(out, text.encode("utf-8"))
        index[name] = {"key": key, "sha256": _digest(text.encode("utf-8"))}
        write_index(index_path, index)
        executed[str(path)] = out
        report(f"  ran     notebook {name}  ({time.perf_counter() - start:.2f} s)")
    return executed


# nbconvert's template loads MathJax and Mermaid from a CDN; the site asks nothing of any
# other host, so these scripts are removed (notebooks write maths in Unicode, as essays do).
_REMOTE_SCRIPTS = re.compile(
    r'<script src="[^"]*"> </script>\s*<!-- MathJax configuration -->.*?<!-- End of mathjax configuration -->'
    r'|<script type="module">\s*document\.addEventListener\("DOMContentLoaded", async \(\) => \{\s*'
    r"const diagrams = document\.querySelectorAll\(\"\.jp-Mermaid.*?</script>",
    re.DOTALL,
)


# mkdocs-jupyter leaves Markdown links as written (../essays/x.md); MkDocs would have
# turned them into page URLs. A notebook page sits one level deeper (notebooks/x/).
_MD_LINK = re.compile(r'href="((?:\.\./)*[^":#?]+?)\.(?:md|ipynb)(#[^"]*)?"')
# A generator that resolves raw-HTML links against the source file (Zensical) turns
# ../essays/x.md into the page URL itself; only links to notebooks need their page (x.md).
_NOTEBOOK_LINK = re.compile(r'href="((?:\.\./)*[^":#?]+?)\.ipynb(#[^"]*)?"')


def _page_links(content: str) -> str:
    def url(m: re.Match) -> str:
        target, anchor = m.group(1), m.group(2) or ""
        target = target[: -len("index")] if target.endswith("index") else target + "/"
        return f'href="../{target}{anchor}"'

    return _MD_LINK.sub(url, content)


def _source_links(content: str) -> str:
    return _NOTEBOOK_LINK.sub(lambda m: f'href="{m.group(1)}.md{m.group(2) or ""}"', content)


def page_html(content: str, notebook_file: str, *, relative_to_source: bool = False) -> str:
    """A rendered notebook page without remote scripts, with page links and a download link.

    Code cells (source and output) are kept out of the search index, which every page
    downloads: readers search for the prose, and the code would double the index.

    Args:
        content: The notebook as HTML (nbconvert with mkdocs-jupyter's template).
        notebook_file: The executed notebook's file name, published beside the page.
        relative_to_source: True when the generator resolves relative URLs in raw HTML
            against the page's source file (``notebooks/x.md``, Zensical) instead of
            the page's URL (``notebooks/x/``, MkDocs): links then stay source links, and
            the download link names the page's folder.
    """
    content = _REMOTE_SCRIPTS.sub("", content)
    content = _source_links(content) if relative_to_source else _page_links(content)
    content = content.replace(
        '<div class="jp-Cell jp-CodeCell', '<div data-search-exclude class="jp-Cell jp-CodeCell'
    )
    href = f"{Path(notebook_file).stem}/{notebook_file}" if relative_to_source else notebook_file
    link = (
        f'<p class="kb-notebook-download" data-search-exclude><a href="{href}" download>'
        f"Download this notebook ({notebook_file})</a>, executed, with its outputs. To run it "
        "yourself, open it from the root of a clone of the repository (so that "
        "<code>import simulations</code> works) in any Jupyter with the dependencies of "
        "<code>requirements.lock</code>.</p>\n"
    )
    return link + content
