"""The lab notebooks in docs/notebooks: stored clean, built on the project's code, and
executed cleanly and byte-for-byte reproducibly by the site's own runner.

The fast tests read the stored notebooks only. The two marked ``site`` execute every
notebook twice in fresh kernels (about a minute in all) through ``publishing.notebooks``.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
NOTEBOOKS = sorted((DOCS / "notebooks").glob("*.ipynb"))
STRIP = ROOT / "tools" / "strip_notebooks.py"
FIX = "run `make strip-notebooks` (or `python tools/strip_notebooks.py`) and commit the result"


def _strip_tool():
    spec = importlib.util.spec_from_file_location("strip_notebooks", STRIP)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def _cells(nb: dict, kind: str) -> list[tuple[int, str]]:
    return [(i, _source(c)) for i, c in enumerate(nb["cells"]) if c["cell_type"] == kind]


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _public_names(package: str) -> set[str]:
    """Top-level public functions and classes of every module in a project package."""
    names: set[str] = set()
    for module in sorted((ROOT / package).glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
                names.add(node.name)
    return names


def test_there_are_lab_notebooks():
    assert len(NOTEBOOKS) >= 4, (
        f"expected at least four notebooks in docs/notebooks, found {NOTEBOOKS}"
    )


# --------------------------------------------------------------------- stored form (fast)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_without_outputs_or_execution_counts(path):
    nb = _load(path)
    dirty = [
        i
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code"
        and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, (
        f"{_rel(path)} is stored with outputs or execution counts (cells {dirty}); {FIX}"
    )
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    assert kernel == "python3", f"{_rel(path)}: kernelspec should be python3, not {kernel!r}; {FIX}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_in_the_strip_tools_normal_form(path):
    text = path.read_text(encoding="utf-8")
    assert _strip_tool().normalise(text) == text, (
        f"{_rel(path)} carries editor metadata, cell ids or JSON layout that the strip tool "
        f"would change; {FIX}"
    )


def test_strip_tool_cleans_an_executed_notebook(tmp_path):
    tool = _strip_tool()
    nb = _load(NOTEBOOKS[0])
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["execution_count"] = 7
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["hi\n"]}]
            cell["metadata"] = {"execution": {"iopub.status.busy": "2026-01-01T00:00:00Z"}}
    nb["metadata"]["widgets"] = {"state": {}}
    dirty = tmp_path / "dirty.ipynb"
    dirty.write_text(json.dumps(nb, indent=2), encoding="utf-8")
    assert tool.main(["--check", str(dirty)]) == 1
    assert tool.main([str(dirty)]) == 0
    assert tool.main(["--check", str(dirty)]) == 0
    assert dirty.read_text(encoding="utf-8") == NOTEBOOKS[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_imports_the_projects_code_and_copies_none_of_it(path):
    nb = _load(path)
    imported: set[str] = set()
    defined: dict[str, int] = {}
    for i, source in _cells(nb, "code"):
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.FunctionDef | ast.ClassDef):
                defined[node.name] = i
    assert imported & {"simulations", "provenance"}, (
        f"{_rel(path)} imports nothing from simulations/ or provenance/: a lab notebook must "
        "run the project's own code, e.g. `from simulations import gaussian_collapse as gc`"
    )
    project = _public_names("simulations") | _public_names("provenance") | {"simulate", "plot"}
    copied = {name: cell for name, cell in defined.items() if name in project}
    assert not copied, (
        f"{_rel(path)} defines {sorted(copied)} (cells {sorted(copied.values())}), which the "
        "project's modules already provide: import them instead of copying model code"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_is_seeded_and_machine_independent(path):
    nb = _load(path)
    problems = []
    rules = {
        r"default_rng\(\s*\)": "an unseeded np.random.default_rng(); pass a seed",
        r"np\.random\.(?!default_rng\b)\w+\(": "the legacy global NumPy generator; use default_rng(seed)",
        r"\bimport random\b|(?<![\w.])random\.\w+\(": "the standard-library random module; use default_rng(seed)",
        r"time\.time\(|datetime\.now\(|date\.today\(|perf_counter\(": "the wall clock",
        r"[\"'](/home/|/work/|/tmp/|/Users/|[A-Z]:\\\\)": "an absolute path",
        r"\bid\(": "an object id (differs between runs)",
        r"np\.random\.seed\(": "the legacy global seed",
    }
    for i, source in _cells(nb, "code"):
        for pattern, why in rules.items():
            if re.search(pattern, source):
                problems.append(f"cell {i} uses {why}")
    assert not problems, f"{_rel(path)}: " + "; ".join(problems)


_LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_markdown_follows_the_site_conventions(path):
    nb = _load(path)
    cells = _cells(nb, "markdown")
    assert nb["cells"][0]["cell_type"] == "markdown", (
        f"{_rel(path)}: the first cell must be Markdown"
    )
    first = _source(nb["cells"][0])
    assert first.startswith("# "), f"{_rel(path)}: the first cell must start with an `# H1` title"
    assert "../essays/" in first, f"{_rel(path)}: the first cell should link the essay it extends"
    problems = []
    for i, text in cells:
        if i > 0 and re.search(r"^# ", text, re.MULTILINE):
            problems.append(f"cell {i} has a second H1 (use ## for sections)")
        if re.search(r"\[-?@\w", text):
            problems.append(f"cell {i} uses a [@key] citation (not processed on notebook pages)")
        if "$" in text:
            problems.append(f"cell {i} has `$` (LaTeX maths is not rendered; write Unicode)")
        for target in _LINK.findall(text):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            if target.startswith("/"):
                problems.append(f"cell {i} links to an absolute path {target}")
                continue
            file = (path.parent / target.split("#")[0]).resolve()
            if not file.is_file():
                problems.append(f"cell {i} links to {target}, which does not exist")
    assert not problems, f"{_rel(path)}: " + "; ".join(problems)


# ------------------------------------------------------------- execution (slow: site)


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, Path]:
    from publishing import notebooks

    cache = tmp_path_factory.mktemp("notebooks-first-run")
    out = notebooks.run(NOTEBOOKS, cache=cache, report=lambda line: None)
    return {Path(src).name: Path(copy) for src, copy in out.items()}


@pytest.mark.site
def test_every_notebook_executes_cleanly(executed):
    assert sorted(executed) == [p.name for p in NOTEBOOKS]
    problems = []
    for name, copy in sorted(executed.items()):
        nb = _load(copy)
        images = 0
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "code":
                continue
            if cell.get("execution_count") is None:
                problems.append(f"{name} cell {i} did not run")
            for output in cell.get("outputs", []):
                kind = output["output_type"]
                if kind == "error":
                    problems.append(f"{name} cell {i} raised {output.get('ename')}")
                elif kind == "stream" and output.get("name") == "stderr":
                    text = "".join(output["text"])[:200]
                    problems.append(f"{name} cell {i} wrote to stderr (a warning?): {text!r}")
                elif {"image/png", "image/svg+xml"} & set(output.get("data", {})):
                    images += 1
        if not 1 <= images <= 5:
            problems.append(f"{name} shows {images} figures; keep between one and five")
        if copy.stat().st_size > 1_500_000:
            problems.append(f"{name} executed copy is {copy.stat().st_size:,} bytes; trim outputs")
    assert not problems, "\n".join(problems)


@pytest.mark.site
def test_two_executions_give_identical_bytes(executed, tmp_path):
    from publishing import notebooks

    second = notebooks.run(NOTEBOOKS, cache=tmp_path, report=lambda line: None)
    differ = [
        Path(src).name
        for src, copy in second.items()
        if Path(copy).read_bytes() != executed[Path(src).name].read_bytes()
    ]
    assert not differ, (
        f"executing again changed {differ}: seed every generator, and print no times, "
        "absolute paths or object ids"
    )
