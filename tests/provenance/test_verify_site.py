"""verify_site and `python -m provenance.verify`: every kind of damage is found and named."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from provenance.fixity import Altered, verify_site
from provenance.manifest import INFO, MANIFEST, SEAL_FILES, TAGMANIFEST, all_files
from provenance.verify import main
from tests.provenance.trees import SMALL_SITE

ROOT = Path(__file__).resolve().parents[2]


def _flip(path: Path, index: int, mask: int = 0xFF) -> None:
    data = bytearray(path.read_bytes())
    data[index] ^= mask
    path.write_bytes(bytes(data))


def test_a_sealed_site_passes(sealed: Path):
    report = verify_site(sealed)
    assert report.ok, report.problems()
    assert report.files == len(SMALL_SITE)
    assert report.root_matches and report.oxum_matches
    assert report.summary() == f"OK: {len(SMALL_SITE)} files, Merkle root {report.merkle_root}"


def _every_byte(sealed: Path):
    for rel in all_files(sealed):
        for index in range((sealed / rel).stat().st_size):
            yield rel, index


def test_flipping_any_byte_of_any_file_is_caught(sealed: Path):
    """Every byte of every file, the three seal files included."""
    checked = 0
    for rel, index in list(_every_byte(sealed)):
        path = sealed / rel
        # Nothing covers the tag manifest but its own strict format: try the flips a lax
        # reader would accept (' ' -> '*', 'a' -> 'A', '0' -> '1', LF -> VT) as well.
        for mask in (0xFF, 0x0A, 0x20, 0x01) if rel == TAGMANIFEST else (0xFF,):
            _flip(path, index, mask)
            report = verify_site(sealed)
            _flip(path, index, mask)
            assert not report.ok, f"{rel} byte {index} ^ {mask:#x} went unnoticed"
            if rel not in SEAL_FILES:
                assert [a.path for a in report.altered] == [rel]
            checked += 1
    assert verify_site(sealed).ok
    assert checked > 1500


def test_a_payload_byte_flip_reports_both_digests(sealed: Path):
    before = verify_site(sealed)
    _flip(sealed / "index.html", 0)
    report = verify_site(sealed)
    (altered,) = report.altered
    assert isinstance(altered, Altered)
    assert altered.path == "index.html"
    assert altered.expected != altered.found
    line = report.problems()[0]
    assert line.startswith("altered: index.html: expected sha256 ")
    assert altered.expected in line and altered.found in line
    # The manifest itself did not change, so its root still matches.
    assert report.merkle_root == before.merkle_root and report.root_matches


def test_an_added_file_is_extra(sealed: Path):
    (sealed / "essays" / "intruder.html").write_text("<p>not ours</p>")
    report = verify_site(sealed)
    assert report.extra == ["essays/intruder.html"]
    assert not report.oxum_matches
    assert "extra: essays/intruder.html: present but not listed" in "\n".join(report.problems())


def test_an_added_empty_file_is_still_extra(sealed: Path):
    (sealed / ".hidden").write_bytes(b"")
    report = verify_site(sealed)
    assert report.extra == [".hidden"]
    assert not report.ok


def test_a_removed_file_is_missing(sealed: Path):
    (sealed / "figures" / "toy.svg").unlink()
    report = verify_site(sealed)
    assert report.missing == ["figures/toy.svg"]
    assert "missing: figures/toy.svg" in report.problems()[0]
    assert "FAILED" in report.summary() and "1 missing" in report.summary()


def test_editing_a_manifest_line_breaks_tag_manifest_and_root(sealed: Path):
    """Re-pointing a line at a tampered file fools the per-file check, not the rest."""
    tampered = b"<h1>A copy of a copy, improved</h1>\n"
    (sealed / "essays/copy-of-a-copy/index.html").write_bytes(tampered)
    manifest = sealed / MANIFEST
    lines = manifest.read_text().split("\n")
    for i, line in enumerate(lines):
        if line.endswith("  essays/copy-of-a-copy/index.html"):
            lines[i] = f"{hashlib.sha256(tampered).hexdigest()}  essays/copy-of-a-copy/index.html"
    manifest.write_text("\n".join(lines))
    report = verify_site(sealed)
    assert report.altered == [] and report.missing == [] and report.extra == []
    assert not report.root_matches
    assert any(p.startswith(f"{MANIFEST}: expected sha256") for p in report.tag_problems)
    text = "\n".join(report.problems())
    assert "Merkle root: provenance-info.txt records" in text
    assert not report.ok


def test_a_removed_manifest_line_is_caught(sealed: Path):
    manifest = sealed / MANIFEST
    lines = manifest.read_bytes().split(b"\n")
    manifest.write_bytes(b"\n".join(lines[1:]))
    report = verify_site(sealed)
    assert report.extra == [".nojekyll"]
    assert not report.root_matches
    assert any("Merkle-Leaf-Count" in p for p in report.tag_problems)


def test_missing_seal_files_are_named(sealed: Path):
    (sealed / TAGMANIFEST).unlink()
    (sealed / INFO).unlink()
    problems = verify_site(sealed).problems()
    assert f"tag manifest: {TAGMANIFEST} is missing" in problems
    assert f"tag manifest: {INFO} is missing" in problems


@pytest.mark.parametrize(
    "line",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "a/./b",
        "a//b",
    ],
)
def test_manifest_paths_outside_the_site_are_refused(sealed: Path, line: str):
    manifest = sealed / MANIFEST
    manifest.write_text(manifest.read_text() + f"{'0' * 64}  {line}\n")
    report = verify_site(sealed)
    assert any(line in p for p in report.tag_problems), report.tag_problems
    assert report.missing == []


def test_crlf_line_ends_are_explained(sealed: Path):
    manifest = sealed / MANIFEST
    manifest.write_bytes(manifest.read_bytes().replace(b"\n", b"\r\n"))
    text = "\n".join(verify_site(sealed).problems())
    assert "CRLF" in text


def test_a_folder_without_a_manifest_says_to_run_make_site(site: Path):
    report = verify_site(site)
    assert not report.ok
    assert "make site" in report.summary() and MANIFEST in report.summary()


def test_cli_ok_and_failed(sealed: Path, capsys):
    assert main([str(sealed)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"OK: {len(SMALL_SITE)} files, Merkle root ")
    _flip(sealed / "404.html", 3)
    (sealed / "new.txt").write_text("new")
    assert main([str(sealed)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("altered: 404.html: expected sha256 ")
    assert err[1] == f"extra: new.txt: present but not listed in {MANIFEST}"
    assert err[-1].startswith("FAILED: ")


def test_cli_without_manifest(tmp_path: Path, capsys):
    assert main([str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "make site" in err and err.startswith("FAILED: ")


def test_python_dash_m_runs_cleanly(sealed: Path):
    """As the Makefile runs it; no runpy warning about the module being imported twice."""
    proc = subprocess.run(
        [sys.executable, "-W", "error", "-m", "provenance.verify", str(sealed)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.startswith("OK: ")
