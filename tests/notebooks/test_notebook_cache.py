"""The notebook runner's cache and time limit, on throwaway notebooks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from publishing import notebooks
from tests.pipeline.faults import process_gone

pytestmark = pytest.mark.site


def _notebook(path: Path, *sources: str) -> Path:
    cells = [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": s}
        for s in sources
    ]
    nb = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def test_damaged_copy_or_index_is_reported_and_executed_again(tmp_path):
    nb = _notebook(tmp_path / "tiny.ipynb", "print(6 * 7)")
    cache = tmp_path / "cache"
    lines: list[str] = []

    def run() -> Path:
        lines.clear()
        return notebooks.run([nb], cache=cache, report=lines.append)[str(nb)]

    copy = run()
    good = copy.read_bytes()
    assert b"42" in good

    copy.write_bytes(good[:100])  # truncated
    assert run().read_bytes() == good
    assert len(lines) == 2 and "does not match the SHA-256" in lines[0], lines

    (cache / "index.json").write_text('{"tiny": {"key": ', encoding="utf-8")
    assert run().read_bytes() == good
    assert "is unreadable" in lines[0] and "ran" in lines[1], lines

    (cache / "index.json").write_text('{"tiny": 5}', encoding="utf-8")
    assert run().read_bytes() == good
    assert "notebook tiny" in lines[0] and "is damaged" in lines[0], lines

    run()
    assert lines == []  # usable again: nothing executed


def test_a_hanging_notebook_is_stopped_at_the_time_limit(tmp_path):
    pid_file = tmp_path / "kernel.pid"
    nb = _notebook(
        tmp_path / "hang.ipynb",
        f"import os\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))",
        "import time\nwhile True:\n    time.sleep(0.5)",
    )
    with pytest.raises(notebooks.NotebookFailed) as caught:
        notebooks.run([nb], cache=tmp_path / "cache", report=lambda line: None, timeout=3)
    message = str(caught.value)
    assert "hang.ipynb did not finish within the time limit of 3 s" in message
    assert "in cell 1" in message and "make site TIMEOUT=SECONDS" in message
    assert process_gone(int(pid_file.read_text()))
    assert not (tmp_path / "cache" / "hang.ipynb").exists()


def test_a_notebook_that_is_not_utf8_names_file_line_and_fix(tmp_path):
    nb = _notebook(tmp_path / "latin.ipynb", "x = 1")
    nb.write_bytes(nb.read_bytes().replace(b"x = 1", "x = 'é'".encode("latin-1")))
    with pytest.raises(notebooks.NotebookFailed) as caught:
        notebooks.run([nb], cache=tmp_path / "cache", report=lambda line: None)
    assert "latin.ipynb:1: not valid UTF-8" in str(caught.value)
    assert "save it as UTF-8" in str(caught.value)
