"""make_bundle: a zipped BagIt bag that the Library of Congress validator accepts."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import bagit
import pytest

from provenance._tagfiles import parse_tags, tag_text
from provenance.bagging import BundleError, bag_files, make_bundle, write_zip
from provenance.bundle import main
from tests.provenance.trees import COMMIT, EPOCH, SMALL_SITE, git

ROOT = Path(__file__).resolve().parents[2]


def _bundle(sealed: Path, checkout: Path, out: Path, **kw) -> Path:
    return make_bundle(sealed, out, root=checkout, commit=COMMIT, epoch=EPOCH, **kw)


def _unzip(path: Path, where: Path) -> Path:
    with zipfile.ZipFile(path) as zf:
        zf.extractall(where)
    (folder,) = where.iterdir()
    return folder


def test_the_bag_validates_with_the_library_of_congress_implementation(
    sealed: Path, checkout: Path, tmp_path: Path
):
    out = _bundle(sealed, checkout, tmp_path / "dist")
    assert out.name == f"collapse-provenance-{COMMIT}.zip"
    folder = _unzip(out, tmp_path / "unzipped")
    assert folder.name == f"collapse-provenance-{COMMIT}"
    bag = bagit.Bag(str(folder))
    bag.validate()  # raises bagit.BagValidationError on any problem
    assert bag.is_valid()
    assert bag.version_info == (1, 0)
    assert bag.algorithms == ["sha256"]
    assert bag.info["External-Identifier"] == COMMIT
    assert bag.info["Bagging-Date"] == "2026-11-25"
    assert bag.info["Source-Organization"] == "Collapse & Provenance"
    seal = (sealed / "provenance-info.txt").read_text()
    assert f"Merkle-Root-SHA256: {bag.info['Site-Merkle-Root-SHA256']}\n" in seal
    assert "data/site/" in bag.info["External-Description"]
    payload = set(bag.payload_files())
    assert {f"data/site/{p}" for p in SMALL_SITE} < payload
    assert "data/site/manifest-sha256.txt" in payload  # the site's own seal travels with it
    assert "data/source/requirements.lock" in payload
    assert "data/source/odd name (1).txt" in payload
    assert "data/source/untracked.txt" not in payload  # only what git tracks


def test_the_bag_layout_and_tag_files(sealed: Path, checkout: Path, tmp_path: Path):
    folder = _unzip(_bundle(sealed, checkout, tmp_path / "dist"), tmp_path / "u")
    assert sorted(p.name for p in folder.iterdir()) == [
        "bag-info.txt",
        "bagit.txt",
        "data",
        "manifest-sha256.txt",
        "tagmanifest-sha256.txt",
    ]
    assert (folder / "bagit.txt").read_bytes() == (
        b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    )
    info = (folder / "bag-info.txt").read_text()
    for label in ("Payload-Oxum: ", "Bag-Size: ", "External-Description: "):
        assert f"\n{label}" in info
    # Long prose values fold at 79 characters; a hash stays whole on its label's line.
    assert re.search(r"^Site-Merkle-Root-SHA256: [0-9a-f]{64}$", info, re.M)
    assert all(len(line) <= 79 for line in info.splitlines() if not line.startswith("Site-"))
    assert re.search(r"^External-Description: .*\n  \S", info, re.M)
    manifest = (folder / "manifest-sha256.txt").read_text().splitlines()
    paths = [line.split("  ", 1)[1] for line in manifest]
    assert paths == sorted(paths, key=lambda p: p.encode())


def test_folded_tag_values_read_back_whole():
    long = "word " * 40 + "end"
    pairs = [("External-Description", long.strip()), ("Hash", "f" * 100), ("Short", "x")]
    text = tag_text(pairs, fold=True)
    assert max(len(line) for line in text.splitlines() if not line.startswith("Hash")) <= 79
    tags, problems = parse_tags(text, "bag-info.txt")
    assert problems == []
    assert tags == dict(pairs)


def test_the_zip_is_byte_identical_when_made_twice(sealed: Path, checkout: Path, tmp_path: Path):
    first = _bundle(sealed, checkout, tmp_path / "one").read_bytes()
    second = _bundle(sealed, checkout, tmp_path / "two").read_bytes()
    assert first == second


def test_zip_entries_are_sorted_dated_and_permissioned(
    sealed: Path, checkout: Path, tmp_path: Path
):
    with zipfile.ZipFile(_bundle(sealed, checkout, tmp_path / "d")) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names, key=lambda n: n.encode())
    assert {i.date_time for i in infos} == {(2026, 11, 25, 12, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert {i.create_system for i in infos} == {3}
    assert not any(n.endswith("/") for n in names)


def test_times_before_1980_are_clamped(tmp_path: Path):
    write_zip({"a.txt": b"a"}, tmp_path / "old.zip", folder="bag", epoch=0)
    with zipfile.ZipFile(tmp_path / "old.zip") as zf:
        assert zf.infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)


def test_default_commit_and_epoch_come_from_git(
    sealed: Path, checkout: Path, tmp_path: Path, monkeypatch
):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    head = git(checkout, "rev-parse", "HEAD").strip()
    out = make_bundle(sealed, tmp_path / "d", root=checkout)
    assert out.name == f"collapse-provenance-{head}.zip"
    (checkout / "README.md").write_text("changed\n")
    out = make_bundle(sealed, tmp_path / "d", root=checkout)
    assert out.name == f"collapse-provenance-{head}-dirty.zip"
    folder = _unzip(out, tmp_path / "u")
    bagit.Bag(str(folder)).validate()
    assert (folder / "data/source/README.md").read_text() == "changed\n"  # the working tree


def test_a_deleted_tracked_file_is_left_out_with_a_warning(
    sealed: Path, checkout: Path, tmp_path: Path
):
    (checkout / "src" / "mod.py").unlink()
    warnings: list[str] = []
    folder = _unzip(_bundle(sealed, checkout, tmp_path / "d", warn=warnings.append), tmp_path / "u")
    bagit.Bag(str(folder)).validate()
    assert warnings == ["src/mod.py is tracked by git but missing from the working tree; left out"]


def test_a_site_that_fails_verification_is_not_bagged(sealed: Path, checkout: Path, tmp_path: Path):
    (sealed / "index.html").write_text("tampered")
    with pytest.raises(BundleError, match=r"does not match its seal(.|\n)*altered: index\.html"):
        _bundle(sealed, checkout, tmp_path / "d")
    assert not (tmp_path / "d").exists()


def test_an_unsealed_site_is_refused_with_make_site(site: Path, checkout: Path, tmp_path: Path):
    with pytest.raises(BundleError, match="make site"):
        _bundle(site, checkout, tmp_path / "d")


def test_a_percent_sign_in_a_bag_path_is_refused():
    with pytest.raises(ValueError, match="rename"):
        bag_files({"source/100%.txt": b"x"}, [])


def test_cli(sealed: Path, checkout: Path, tmp_path: Path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    code = main(["--site", str(sealed), "--out", str(tmp_path / "dist"), "--root", str(checkout)])
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("bundle: ") and ".zip (" in out
    assert main(["--site", str(tmp_path / "nowhere"), "--root", str(checkout)]) == 1
    assert "error: " in capsys.readouterr().err


def test_python_dash_m_runs_cleanly(sealed: Path, checkout: Path, tmp_path: Path):
    args = ["--site", str(sealed), "--out", str(tmp_path / "dist"), "--root", str(checkout)]
    proc = subprocess.run(
        [sys.executable, "-W", "error", "-m", "provenance.bundle", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
