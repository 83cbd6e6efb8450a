"""Hangs, crashes and unreadable modules: one clear message, and the last good outputs kept."""

from __future__ import annotations

import pytest

from tests.pipeline.faults import add_fault, index, process_gone

pytestmark = pytest.mark.site


def test_a_hanging_simulation_is_stopped_at_the_time_limit(toy_project, tmp_path, monkeypatch):
    add_fault(toy_project, "sleepy")
    toy_project.run()  # a good run first: its outputs must survive the hang
    svg_before = (toy_project.cache / "sleepy.svg").read_bytes()
    record_before = index(toy_project)["sleepy"]
    pid_file = tmp_path / "worker.pid"
    monkeypatch.setenv("TOY_SLEEP", "forever")
    monkeypatch.setenv("TOY_PID_FILE", str(pid_file))
    # Long enough for the good figures to draw all four variants on a loaded machine.
    monkeypatch.setenv("KB_TIMEOUT", "8")

    proc = toy_project.run("--force", check=False)

    assert proc.returncode == 1
    assert (
        "simulation 'sleepy' (simulations/sleepy.py) did not finish within the time limit "
        "of 8 s: it was stopped after 8." in proc.stderr
    )
    assert "make figures TIMEOUT=SECONDS" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert toy_project.ran(proc) == {"toy_line", "toy_band"}  # the others still ran
    assert process_gone(int(pid_file.read_text()))  # the worker was killed, not orphaned
    assert (toy_project.cache / "sleepy.svg").read_bytes() == svg_before
    assert index(toy_project)["sleepy"] == record_before
    monkeypatch.delenv("TOY_SLEEP")
    assert toy_project.run().returncode == 0  # the cache is still usable


def test_the_time_limit_can_be_given_on_the_command_line(toy_project, monkeypatch):
    add_fault(toy_project, "sleepy")
    monkeypatch.setenv("TOY_SLEEP", "forever")
    proc = toy_project.run("sleepy", "--timeout", "1.5", check=False)
    assert proc.returncode == 1
    assert "within the time limit of 1.5 s" in proc.stderr
    assert not (toy_project.cache / "sleepy.svg").exists()  # nothing half-made was kept


def test_a_bad_time_limit_is_a_clear_error(toy_project, monkeypatch):
    monkeypatch.setenv("KB_TIMEOUT", "soon")
    proc = toy_project.run(check=False)
    assert proc.returncode == 1
    assert "the time limit must be a positive number of seconds" in proc.stderr
    assert "TIMEOUT=600" in proc.stderr


def test_a_worker_that_dies_is_named(toy_project):
    toy_project.run()
    path = toy_project.module("toy_band")
    path.write_text(
        path.read_text().replace(
            "def simulate(params, rng):", "def simulate(params, rng):\n    import os; os._exit(3)"
        )
    )
    proc = toy_project.run(check=False)
    assert proc.returncode == 1
    assert "simulation 'toy_band' (simulations/toy_band.py) failed" in proc.stderr
    assert "its worker process died (exit code 3)" in proc.stderr
    assert toy_project.ran(proc) == set()


def test_traceback_shows_the_modules_own_frames_only(toy_project):
    path = toy_project.module("toy_line")
    source = path.read_text().replace(
        "    return Result(x, curve(x) + noise)", "    return Result(x, curve(x, noise))"
    )
    path.write_text(source)
    line = source.splitlines().index("    return Result(x, curve(x, noise))") + 1
    proc = toy_project.run(check=False)
    assert proc.returncode == 1
    err = proc.stderr
    assert f'File "simulations/toy_line.py", line {line}, in simulate' in err
    assert "TypeError: curve() takes 1 positional argument but 2 were given" in err
    for runner_frame in (
        "simulations/engine",
        "importlib",
        "concurrent",
        "multiprocessing",
        "_execute",
    ):
        assert runner_frame not in err, f"{runner_frame} shown in:\n{err}"


def test_frames_in_an_imported_helper_are_kept(toy_project):
    helper = toy_project.module("_toyshared")
    helper.write_text(helper.read_text().replace("return SCALE * x", "return SCALE * x / 0 + {}"))
    proc = toy_project.run("toy_line", check=False)
    assert proc.returncode == 1
    assert 'File "simulations/toy_line.py"' in proc.stderr
    assert 'File "simulations/_toyshared.py", line 7, in curve' in proc.stderr
    assert "simulations/engine" not in proc.stderr


@pytest.mark.parametrize("where", ["toy_line", "_toyshared"])
def test_a_module_that_is_not_utf8_names_file_line_and_fix(toy_project, where):
    toy_project.run()
    svg_before = (toy_project.cache / "toy_line.svg").read_bytes()
    path = toy_project.module(where)
    lines = path.read_bytes().split(b"\n")
    lines.insert(2, "# Café, saved by an old editor".encode("latin-1"))
    path.write_bytes(b"\n".join(lines))

    proc = toy_project.run(check=False)

    assert proc.returncode == 1
    assert (
        f"simulations/{where}.py:3: not valid UTF-8 (byte 0xe9 at column 6) — save it as UTF-8"
        in proc.stderr
    )
    assert "simulation 'toy_line' (simulations/toy_line.py) cannot be read" in proc.stderr
    assert "Traceback" not in proc.stderr and "UnicodeDecodeError" not in proc.stderr
    assert (toy_project.cache / "toy_line.svg").read_bytes() == svg_before
    assert toy_project.ran(proc) == set()  # toy_band was current; reused
    listing = toy_project.run("--list")
    assert "toy_line" in listing.stdout and "stale" in listing.stdout


def test_a_syntax_error_names_file_and_line(toy_project):
    path = toy_project.module("toy_band")
    lines = path.read_text().splitlines()
    lines[4] = "import numpy as"
    path.write_text("\n".join(lines) + "\n")
    proc = toy_project.run(check=False)
    assert proc.returncode == 1
    assert "simulations/toy_band.py:5: Python syntax error" in proc.stderr
    assert "Traceback" not in proc.stderr
