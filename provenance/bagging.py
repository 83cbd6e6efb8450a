"""Package the built site and its source as one BagIt bag (RFC 8493, v1.0, SHA-256), zipped.

The bag's payload is ``data/site/`` (the sealed site, as built) and ``data/source/``
(every file git tracks, read from the working tree). Around it sit ``bagit.txt``,
``bag-info.txt``, ``manifest-sha256.txt`` and ``tagmanifest-sha256.txt``. The zip holds
one folder named like the zip (RFC 8493 §4.2), so unzipping gives a bag any BagIt tool
can validate.

The zip is deterministic: entries sorted, every timestamp taken from
``SOURCE_DATE_EPOCH`` (clamped to the zip format's 1980–2107 range), fixed permissions,
fixed compression level. The same inputs give the same bytes (with the same zlib).
"""

from __future__ import annotations

import os
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from provenance._git import source_commit, source_date_epoch, tracked_files
from provenance._tagfiles import (
    manifest_text,
    oxum,
    parse_tags,
    sha256_bytes,
    tag_text,
    utc_date,
)
from provenance.fixity import verify_site
from provenance.manifest import INFO, all_files

BAG_PREFIX = "collapse-provenance"
_ZIP_MIN = 315532800  # 1980-01-01T00:00:00Z, the earliest time a zip entry can hold
_ZIP_MAX = 4354819198  # 2107-12-31T23:59:58Z, the latest


class BundleError(RuntimeError):
    """The bundle cannot be made (the site fails verification, no git checkout, ...)."""


def _size_text(total: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if total < 1000 or unit == "GB":
            return f"{total} {unit}" if unit == "bytes" else f"{total:.1f} {unit}"
        total /= 1000
    raise AssertionError("unreachable")


def bag_files(payload: dict[str, bytes], info: list[tuple[str, str]]) -> dict[str, bytes]:
    """Every file of a bag, by path inside the bag.

    Args:
        payload: File contents by path relative to ``data/`` (forward slashes).
        info: ``bag-info.txt`` labels and values; Payload-Oxum and Bag-Size are added.

    Returns:
        ``data/...`` payload files and the four tag files, contents as bytes.

    Raises:
        ValueError: A payload path holds ``%``, CR or LF (see below).
    """
    for path in payload:
        if any(c in path for c in "%\r\n"):
            # RFC 8493 §2.1.3 wants these percent-encoded, but common validators (bagit-python
            # among them, LibraryOfCongress/bagit-python#157) do not decode "%25": no manifest
            # line reads the same to both, so such names are refused.
            raise ValueError(f"{path!r}: '%', CR or LF in a file name; rename the file")
    files = {f"data/{path}": data for path, data in payload.items()}
    sizes = [len(data) for data in payload.values()]
    manifest = manifest_text((path, sha256_bytes(data)) for path, data in files.items())
    files["bagit.txt"] = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    files["bag-info.txt"] = tag_text(
        [*info, ("Payload-Oxum", oxum(sizes)), ("Bag-Size", _size_text(sum(sizes)))], fold=True
    ).encode()
    files["manifest-sha256.txt"] = manifest.encode()
    tags = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt")
    files["tagmanifest-sha256.txt"] = manifest_text(
        (name, sha256_bytes(files[name])) for name in tags
    ).encode()
    return files


def write_zip(files: dict[str, bytes], out: Path, *, folder: str, epoch: int) -> None:
    """Write ``files`` under ``folder/`` into a deterministic zip, atomically.

    Args:
        files: Contents by path (forward slashes).
        out: The zip to write (replaced if it exists).
        folder: The single top-level folder of the archive.
        epoch: Seconds since the epoch for every entry's time (clamped to 1980–2107).
    """
    stamp = time.gmtime(min(max(epoch, _ZIP_MIN), _ZIP_MAX))[:6]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            for path in sorted(files, key=lambda p: p.encode("utf-8")):
                entry = zipfile.ZipInfo(f"{folder}/{path}", date_time=stamp)
                entry.create_system = 3  # Unix, so the permission bits below are read
                entry.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
                entry.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(entry, files[path], compresslevel=9)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def make_bundle(
    site_dir: Path,
    out_dir: Path,
    *,
    root: Path,
    commit: str | None = None,
    epoch: int | None = None,
    organization: str = "Collapse & Provenance",
    warn: Callable[[str], None] | None = None,
) -> Path:
    """Bag the sealed site and the tracked source as ``<out_dir>/collapse-provenance-<commit>.zip``.

    Args:
        site_dir: The built, sealed site; it must pass :func:`verify_site` first.
        out_dir: Where to write the zip (created if needed).
        root: The git checkout whose tracked files go into ``data/source/``.
        commit: The External-Identifier; by default the checkout's ``HEAD`` (``-dirty``
            appended when tracked files were changed).
        epoch: ``SOURCE_DATE_EPOCH``; by default the environment's, else the last
            commit's time.
        organization: The Source-Organization.
        warn: Called with a message for each tracked file missing from the working tree
            (left out of the bag; the commit is then marked ``-dirty``).

    Returns:
        The path of the zip.

    Raises:
        BundleError: The site fails verification, ``root`` is not a git checkout, or a
            file name cannot be listed in a bag manifest.
    """
    site_dir, root = Path(site_dir), Path(root)
    report = verify_site(site_dir)
    if not report.ok:
        problems = "\n".join(report.problems()[:20])
        raise BundleError(f"{site_dir} does not match its seal; rebuild it:\n{problems}")
    try:
        source, deleted = tracked_files(root)
    except RuntimeError as exc:
        raise BundleError(str(exc)) from None
    for path in deleted:
        if warn:
            warn(f"{path} is tracked by git but missing from the working tree; left out")
    commit = commit or source_commit(root)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._+-]*", commit):
        raise BundleError(f"commit {commit!r} cannot name a file; use letters, digits, . _ + -")
    epoch = source_date_epoch(root) if epoch is None else epoch
    seal, _problems = parse_tags((site_dir / INFO).read_text(encoding="utf-8"), INFO)
    info = [
        ("Source-Organization", organization),
        ("Bagging-Date", utc_date(epoch)),
        ("External-Identifier", commit),
        (
            "External-Description",
            f"{organization}: the static site as built from commit {commit} (data/site/, "
            f"sealed with the Merkle root in data/site/{INFO}) and every file git tracks "
            "at that commit (data/source/), read from the working tree.",
        ),
        ("Site-Merkle-Root-SHA256", seal["Merkle-Root-SHA256"]),
    ]
    payload = {f"site/{p}": (site_dir / p).read_bytes() for p in all_files(site_dir)}
    payload.update({f"source/{p}": (root / p).read_bytes() for p in source})
    try:
        files = bag_files(payload, info)
    except ValueError as exc:
        raise BundleError(str(exc)) from None
    name = f"{BAG_PREFIX}-{commit}"
    out = Path(out_dir) / f"{name}.zip"
    write_zip(files, out, folder=name, epoch=epoch)
    return out
