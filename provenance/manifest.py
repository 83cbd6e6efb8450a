"""Seal a built site: a BagIt-format manifest of every file, and a Merkle root over it.

After a build, :func:`seal_site` writes three files at the top of the site folder:

- ``manifest-sha256.txt``: one ``<sha256>  <path>`` line per file (the BagIt payload
  manifest format, which is also what ``sha256sum -c`` reads), sorted bytewise by path;
- ``provenance-info.txt``: BagIt-style ``Label: value`` lines naming the source commit,
  the date, the Payload-Oxum and the RFC 9162 Merkle root of the manifest's lines;
- ``tagmanifest-sha256.txt``: the digests of the two files above.

The Merkle root is one 64-digit value that commits to every line of the manifest, and
so to every byte of the site. The same files always give the same three files.
"""

from __future__ import annotations

import os
from pathlib import Path

from provenance._tagfiles import (
    manifest_text,
    oxum,
    sha256_bytes,
    sha256_file,
    sort_key,
    tag_text,
    utc_date,
)
from provenance.merkle import merkle_root

MANIFEST = "manifest-sha256.txt"
INFO = "provenance-info.txt"
TAGMANIFEST = "tagmanifest-sha256.txt"
#: The files :func:`seal_site` writes; the manifest covers every other file.
SEAL_FILES = (MANIFEST, INFO, TAGMANIFEST)
MERKLE_TREE = (
    "RFC 9162 §2.1, leaf = SHA-256(0x00 ‖ manifest line), node = SHA-256(0x01 ‖ left ‖ right)"
)


def _raise(error: OSError) -> None:
    # os.walk skips unreadable folders silently; a fixity list must not.
    raise error


def all_files(folder: Path) -> list[str]:
    """Every file under ``folder`` (symbolic links to files included), as relative paths.

    Returns:
        Paths with forward slashes, sorted bytewise.

    Raises:
        ValueError: A file name cannot be written in a manifest line (not UTF-8, or
            holding a line break).
        OSError: A folder cannot be read.
    """
    found = []
    for dirpath, _dirnames, filenames in os.walk(folder, onerror=_raise):
        prefix = os.path.relpath(dirpath, folder).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        for name in filenames:
            rel = prefix + name
            try:
                rel.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError(f"{folder / rel}: the file name is not valid UTF-8") from None
            if "\n" in rel or "\r" in rel:
                raise ValueError(f"{folder / rel}: a file name with a line break; rename it")
            found.append(rel)
    return sorted(found, key=sort_key)


def payload_files(site_dir: Path) -> list[str]:
    """The files the manifest covers: all of them except the three seal files at the top.

    Raises:
        ValueError: A name cannot be listed in a manifest that ``sha256sum -c`` and BagIt
            tools read alike (a line break or ``%`` in it), or is not UTF-8.
    """
    files = [p for p in all_files(site_dir) if p not in SEAL_FILES]
    for rel in files:
        if "%" in rel:
            # BagIt would percent-encode it and sha256sum would not: the readings differ.
            raise ValueError(f"{site_dir / rel}: a '%' in a file name; rename the file")
    return files


def manifest_lines(manifest: bytes) -> list[bytes]:
    """The Merkle leaves: the manifest's lines as bytes, without their LF, in file order."""
    lines = manifest.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


def seal_site(
    site_dir: Path,
    *,
    commit: str,
    source_date_epoch: int,
    organization: str = "Collapse & Provenance",
) -> str:
    """Write the manifest, the provenance info and the tag manifest into a built site.

    Any earlier seal files are replaced; they are never listed in the manifest.

    Args:
        site_dir: The built site's folder.
        commit: The source commit the site was built from (External-Identifier).
        source_date_epoch: Seconds since the epoch; its UTC date is the Bagging-Date.
        organization: The Source-Organization.

    Returns:
        The Merkle root (64 hex digits) recorded in ``provenance-info.txt``.

    Raises:
        ValueError: A file name cannot be written in the manifest (see
            :func:`payload_files`), or a label value has a line break.
    """
    site_dir = Path(site_dir)
    files = payload_files(site_dir)
    manifest = manifest_text((rel, sha256_file(site_dir / rel)) for rel in files).encode()
    leaves = manifest_lines(manifest)
    root = merkle_root(leaves).hex()
    info = tag_text(
        [
            ("Source-Organization", organization),
            ("Bagging-Date", utc_date(source_date_epoch)),
            ("External-Identifier", commit),
            ("Payload-Oxum", oxum((site_dir / rel).stat().st_size for rel in files)),
            ("Merkle-Root-SHA256", root),
            ("Merkle-Leaf-Count", str(len(leaves))),
            ("Merkle-Tree", MERKLE_TREE),
        ]
    ).encode()
    tags = manifest_text([(MANIFEST, sha256_bytes(manifest)), (INFO, sha256_bytes(info))])
    _write(site_dir / MANIFEST, manifest)
    _write(site_dir / INFO, info)
    _write(site_dir / TAGMANIFEST, tags.encode())
    return root


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
