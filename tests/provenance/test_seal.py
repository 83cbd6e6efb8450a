"""seal_site: the manifest, provenance info and tag manifest a build leaves in the site."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from provenance.manifest import INFO, MANIFEST, SEAL_FILES, TAGMANIFEST, seal_site
from provenance.merkle import merkle_root
from tests.provenance.trees import COMMIT, EPOCH, SMALL_SITE, write_tree

ROOT = Path(__file__).resolve().parents[2]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_manifest_is_exact_bagit_and_sha256sum_format(site: Path):
    seal_site(site, commit=COMMIT, source_date_epoch=EPOCH)
    expected_paths = sorted(SMALL_SITE, key=lambda p: p.encode("utf-8"))
    expected = "".join(f"{_sha(SMALL_SITE[p])}  {p}\n" for p in expected_paths)
    assert (site / MANIFEST).read_bytes() == expected.encode("utf-8")
    # Bytewise order: upper-case and dot-files before lower-case, "é" after ASCII.
    assert expected_paths[:2] == [".nojekyll", "404.html"]


def test_info_has_every_label_with_the_right_values(site: Path):
    root = seal_site(site, commit=COMMIT, source_date_epoch=EPOCH)
    info = (site / INFO).read_text(encoding="utf-8")
    lines = info.split("\n")
    assert lines[-1] == ""
    tags = dict(line.split(": ", 1) for line in lines[:-1])
    total = sum(len(v) for v in SMALL_SITE.values())
    assert tags == {
        "Source-Organization": "Collapse & Provenance",
        "Bagging-Date": "2026-11-25",
        "External-Identifier": COMMIT,
        "Payload-Oxum": f"{total}.{len(SMALL_SITE)}",
        "Merkle-Root-SHA256": root,
        "Merkle-Leaf-Count": str(len(SMALL_SITE)),
        "Merkle-Tree": "RFC 9162 §2.1, leaf = SHA-256(0x00 ‖ manifest line), "
        "node = SHA-256(0x01 ‖ left ‖ right)",
    }
    assert re.fullmatch(r"[0-9a-f]{64}", root)


def test_root_is_rfc9162_root_of_the_manifest_lines(sealed: Path):
    lines = (sealed / MANIFEST).read_bytes().split(b"\n")[:-1]
    info = (sealed / INFO).read_text(encoding="utf-8")
    assert f"Merkle-Root-SHA256: {merkle_root(lines).hex()}\n" in info


def test_tag_manifest_covers_the_other_two(sealed: Path):
    tags = (sealed / TAGMANIFEST).read_bytes()
    assert (
        tags
        == (
            f"{_sha((sealed / MANIFEST).read_bytes())}  {MANIFEST}\n"
            f"{_sha((sealed / INFO).read_bytes())}  {INFO}\n"
        ).encode()
    )


def test_sha256sum_checks_both_manifests(sealed: Path):
    assert shutil.which("sha256sum"), (
        "sha256sum (GNU coreutils) is needed: apt-get install coreutils"
    )
    for name in (MANIFEST, TAGMANIFEST):
        proc = subprocess.run(
            ["sha256sum", "--strict", "-c", name], cwd=sealed, capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
    out = subprocess.run(
        ["sha256sum", "-c", MANIFEST], cwd=sealed, capture_output=True, text=True
    ).stdout
    assert out.count(": OK") == len(SMALL_SITE)


def test_deterministic_and_resealing_changes_nothing(site: Path, tmp_path: Path):
    first = seal_site(site, commit=COMMIT, source_date_epoch=EPOCH)
    snapshot = {n: (site / n).read_bytes() for n in SEAL_FILES}
    assert seal_site(site, commit=COMMIT, source_date_epoch=EPOCH) == first
    assert {n: (site / n).read_bytes() for n in SEAL_FILES} == snapshot
    other = write_tree(tmp_path / "elsewhere", dict(reversed(list(SMALL_SITE.items()))))
    assert seal_site(other, commit=COMMIT, source_date_epoch=EPOCH) == first
    assert {n: (other / n).read_bytes() for n in SEAL_FILES} == snapshot


def test_any_change_to_the_files_changes_the_root(site: Path):
    before = seal_site(site, commit=COMMIT, source_date_epoch=EPOCH)
    (site / "figures" / "toy.svg").write_bytes(b"<svg/>\n")
    assert seal_site(site, commit=COMMIT, source_date_epoch=EPOCH) != before


def test_an_empty_site_has_the_empty_tree_root(tmp_path: Path):
    empty = tmp_path / "empty"
    empty.mkdir()
    root = seal_site(empty, commit=COMMIT, source_date_epoch=0)
    assert root == hashlib.sha256(b"").hexdigest()
    assert (empty / MANIFEST).read_bytes() == b""
    assert "Payload-Oxum: 0.0\n" in (empty / INFO).read_text()
    assert "Bagging-Date: 1970-01-01\n" in (empty / INFO).read_text()


def test_a_percent_sign_in_a_name_is_refused(site: Path):
    (site / "100%.html").write_text("x")
    with pytest.raises(ValueError, match=r"100%\.html.*rename"):
        seal_site(site, commit=COMMIT, source_date_epoch=EPOCH)


def _docs_snippet() -> str:
    text = (ROOT / "docs" / "provenance.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    (snippet,) = [b for b in blocks if "manifest-sha256.txt" in b]
    return snippet


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8, 13])
def test_the_readers_snippet_in_the_docs_gives_the_same_root(tmp_path: Path, count: int):
    """docs/provenance.md shows readers a standalone root computation: keep it right."""
    folder = write_tree(tmp_path / "s", {f"page{i:02}.html": bytes([i]) * i for i in range(count)})
    root = seal_site(folder, commit=COMMIT, source_date_epoch=EPOCH)
    out = subprocess.run(
        [sys.executable, "-c", _docs_snippet()],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == root
