"""One build at a time per folder: the second waits, or stops with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from simulations.engine.build_lock import build_lock
from simulations.engine.dependencies import ROOT

pytestmark = pytest.mark.site


def test_a_second_runner_gives_up_with_a_clear_message(toy_project, monkeypatch):
    monkeypatch.setenv("KB_LOCK_WAIT", "1")
    with build_lock(toy_project.root, report=lambda line: None):
        proc = toy_project.run(check=False)
    assert proc.returncode == 1
    assert f"waiting for the other build in this folder (pid {os.getpid()})" in proc.stdout
    assert f"another build in this folder (pid {os.getpid()}) still holds" in proc.stderr
    assert not (toy_project.cache / "index.json").exists()  # it did nothing
    assert toy_project.run().returncode == 0  # and the lock was released


def test_a_second_runner_waits_then_builds(toy_project):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    with build_lock(toy_project.root, report=lambda line: None):
        proc = subprocess.Popen(
            [sys.executable, "-m", "simulations"],
            cwd=toy_project.root,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        first = proc.stdout.readline()  # it says whom it waits for before we release
    out = first + proc.stdout.read()
    assert proc.wait() == 0
    assert first.startswith("waiting for the other build in this folder (pid")
    assert "figures: 2 ran" in out


def test_two_site_builds_at_once_leave_a_whole_site(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nA page.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Lock test\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KB_LOCK_WAIT": "120"}
    cmd = [sys.executable, "-m", "publishing.build", "--out", "site"]
    procs = [
        subprocess.Popen(
            cmd, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [(p.wait(), *p.communicate()) for p in procs]
    for code, _out, err in results:
        assert code == 0 or "another build in this folder" in err, err
    assert any(code == 0 for code, _, _ in results)
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "sitemap.xml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("site")) == ["site"]
