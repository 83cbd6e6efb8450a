"""Import discovery for cache keys: found from the syntax tree, transitively."""

from pathlib import Path

from simulations.engine.dependencies import local_dependencies


def _write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_transitive_local_imports(tmp_path):
    _write(tmp_path, "pkg/__init__.py", "")
    fig = _write(tmp_path, "pkg/fig.py", "import numpy\nfrom pkg import _a\nfrom . import _b\n")
    _write(tmp_path, "pkg/_a.py", "from other.deep import thing\n")
    _write(tmp_path, "pkg/_b.py", "import json\n")
    _write(tmp_path, "pkg/_unused.py", "")
    _write(tmp_path, "other/__init__.py", "")
    _write(tmp_path, "other/deep.py", "from .leaf import x\n")
    _write(tmp_path, "other/leaf.py", "x = 1\n")
    found = {p.relative_to(tmp_path).as_posix() for p in local_dependencies(fig, tmp_path)}
    assert found == {
        "pkg/__init__.py",
        "pkg/_a.py",
        "pkg/_b.py",
        "other/__init__.py",
        "other/deep.py",
        "other/leaf.py",
    }


def test_import_cycles_terminate(tmp_path):
    _write(tmp_path, "pkg/__init__.py", "")
    a = _write(tmp_path, "pkg/a.py", "from pkg import b\n")
    _write(tmp_path, "pkg/b.py", "from pkg import a\n")
    found = {p.name for p in local_dependencies(a, tmp_path)}
    assert found == {"__init__.py", "b.py"}
