"""make editions as a whole: the list of editions, the reseal, and clear failures."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from publishing.editions import EditionError, build_editions
from publishing.editions.build import LISTING

ROOT = Path(__file__).resolve().parents[2]


def test_the_list_gives_each_editions_size_and_sha256(editions):
    site = editions.a
    doc = lxml.html.fromstring((site / LISTING).read_bytes())
    rows = doc.xpath("//tbody/tr")
    listed = {}
    for row in rows:
        href = row.xpath(".//a/@href")[0]
        path = (site / "editions" / href).resolve().relative_to(site.resolve()).as_posix()
        size = int(row.xpath(".//span/@title")[0].split()[0])
        listed[path] = (size, row.xpath(".//code/text()")[0])
    expected = {"feed.xml", *(f for f in editions.result.files if f.startswith("editions/"))}
    expected.discard(LISTING)
    assert set(listed) == expected
    for path, (size, digest) in listed.items():
        data = (site / path).read_bytes()
        assert size == len(data) and digest == hashlib.sha256(data).hexdigest(), path
    # A standalone page, so the browser tests do not visit it: check its bones here.
    assert not doc.xpath("//script")
    assert doc.get("lang") == "en" and doc.findtext(".//title").startswith("Editions")
    assert doc.xpath("//main/h1") and doc.xpath("//table/caption")
    assert len(doc.xpath("//thead//th[@scope='col']")) == 4
    assert len(doc.xpath("//tbody//th[@scope='row']")) == len(rows)
    provenance = (site / "provenance" / "index.html").read_text("utf-8")
    for href in (
        "../feed.xml",
        "../editions/list.html",
        "../editions/collapse-and-provenance.pdf",
        "../editions/collapse-and-provenance.wacz",
    ):
        assert f'href="{href}"' in provenance, href
    assert 'id="take-the-site-with-you"' in provenance


def test_editions_need_a_built_site(tmp_path):
    with pytest.raises(EditionError, match=r"run `make site` first"):
        build_editions(tmp_path, ROOT, epoch=0, commit="x", report=lambda line: None)
    proc = subprocess.run(
        [sys.executable, "-m", "publishing.editions", "--site", str(tmp_path / "none")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: no built site") and "Traceback" not in proc.stderr
    assert not (tmp_path / "none").exists()
