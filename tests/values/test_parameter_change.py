"""Done-when: change one simulation parameter on a copy of the project and every number
that depends on it changes, in every essay, in one build, with nothing typed by hand.

The copy holds the simulations, the page code and the essays, plus the current figure
cache, so only the edited module runs again (the cache key hashes sources, not paths).
The build is the hook's own sequence in plain Python: pre-scan the pages for what they
need, bring those figures up to date, bind the values into each page.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.values.test_essays import essays

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.site

BUILD = r"""
import json, sys
from pathlib import Path
from publishing.values import bind_values, value_refs_in, value_table
from simulations.engine import load_index, run
from simulations.engine.values import VALUE_TOKEN
root = Path.cwd()
cache = root / ".cache" / "figures"
pages = sorted(p for p in (root / "docs" / "essays").glob("*.md") if p.name != "index.md")
wanted = sorted({r.split(".", 1)[0] for p in pages for r, _ in value_refs_in(p.read_text())})
run(wanted, cache_dir=cache, root=root, report=lambda line: print(line, file=sys.stderr))
index = load_index(cache)
table = value_table(index)
out = {}
for p in pages:
    rendered = []
    def stash(h):
        rendered.append(h)
        return ""
    bind_values(p.read_text(), table, page=p.name, line_offset=0, stash=stash)
    refs = [m.group("ref") for m in VALUE_TOKEN.finditer(p.read_text())]
    out[p.name] = [[r, h.rsplit(">", 2)[1].split("<")[0]] for r, h in zip(refs, rendered)]
out["caption"] = index["gaussian_collapse"]["meta"]["caption"]
print(json.dumps(out))
"""


def _copy(where: Path) -> Path:
    # Everything a figure module imports (merkle_proofs uses the site's own Merkle code).
    for folder in ("simulations", "publishing", "bibliography", "provenance"):
        shutil.copytree(ROOT / folder, where / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs" / "essays", where / "docs" / "essays")
    if (ROOT / ".cache" / "figures").is_dir():
        shutil.copytree(ROOT / ".cache" / "figures", where / ".cache" / "figures")
    return where


def _build(where: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", BUILD],
        cwd=where,
        capture_output=True,
        text=True,
        check=False,
        env={"SOURCE_DATE_EPOCH": "1700000000", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_changing_the_sample_size_changes_every_dependent_number(tmp_path):
    project = _copy(tmp_path / "project")
    before = _build(project)
    module = project / "simulations" / "gaussian_collapse.py"
    source = module.read_text()
    assert "    n: int = 20\n" in source
    module.write_text(source.replace("    n: int = 20\n", "    n: int = 10\n"))
    after = _build(project)

    independent = {"generations", "replicates", "seed"}
    changed = unchanged = 0
    for path in essays():
        pairs = list(zip(before[path.name], after[path.name], strict=True))
        for (ref, old), (_, new) in pairs:
            module_name, name = ref.split(".", 1)
            if module_name == "gaussian_collapse" and name not in independent:
                assert new != old, f"{path.name}: {ref} still reads {old} with n = 10"
                changed += 1
            else:
                assert new == old, f"{path.name}: {ref} changed from {old} to {new}"
                unchanged += 1
    assert changed >= 20 and unchanged > 0
    assert "n = 20" in before["caption"] and "19/20" in before["caption"]
    assert "n = 10" in after["caption"] and "9/10" in after["caption"]
    assert "0.599" not in after["caption"]
