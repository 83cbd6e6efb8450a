"""Check a copy of the site against its seal: every file, the tag manifest, the root.

:func:`verify_site` recomputes everything :func:`provenance.manifest.seal_site` wrote
and reports each difference by file. A clean report shows the copy is the one the seal
describes; it says nothing about who wrote the seal (see ``docs/provenance.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from provenance._tagfiles import oxum, parse_manifest, parse_tags, sha256_file
from provenance.manifest import (
    INFO,
    MANIFEST,
    SEAL_FILES,
    TAGMANIFEST,
    all_files,
    manifest_lines,
)
from provenance.merkle import merkle_root


class Altered(NamedTuple):
    """A file whose digest differs from the one its manifest lists."""

    path: str
    expected: str
    found: str


@dataclass
class Report:
    """What :func:`verify_site` found. ``ok`` is true only when every list is empty.

    Attributes:
        site_dir: The folder checked.
        files: Number of files the manifest lists.
        missing: Listed in the manifest, not on disk.
        extra: On disk, not listed (the seal files excepted).
        altered: Listed, present, with a different SHA-256.
        tag_problems: Problems with the tag manifest or the seal files' format.
        merkle_root: The root recomputed from the manifest's lines (hex).
        recorded_root: The root ``provenance-info.txt`` records, or None.
        payload_oxum: ``<bytes>.<files>`` of the files on disk (seal files excepted).
        recorded_oxum: The Payload-Oxum ``provenance-info.txt`` records, or None.
        error: Set when checking could not start (no manifest, no folder).
    """

    site_dir: Path
    files: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    altered: list[Altered] = field(default_factory=list)
    tag_problems: list[str] = field(default_factory=list)
    merkle_root: str = ""
    recorded_root: str | None = None
    payload_oxum: str = ""
    recorded_oxum: str | None = None
    error: str = ""

    @property
    def root_matches(self) -> bool:
        return bool(self.merkle_root) and self.recorded_root == self.merkle_root

    @property
    def oxum_matches(self) -> bool:
        return self.recorded_oxum == self.payload_oxum

    @property
    def ok(self) -> bool:
        return not self.problems()

    def problems(self) -> list[str]:
        """One line per problem, each naming the file and what differs."""
        if self.error:
            return [self.error]
        lines = [
            f"altered: {a.path}: expected sha256 {a.expected}, found {a.found}"
            for a in self.altered
        ]
        lines += [f"missing: {p}: listed in {MANIFEST} but not found" for p in self.missing]
        lines += [f"extra: {p}: present but not listed in {MANIFEST}" for p in self.extra]
        lines += [f"tag manifest: {p}" for p in self.tag_problems]
        if self.recorded_root is not None and not self.root_matches:
            lines.append(
                f"Merkle root: {INFO} records {self.recorded_root}, "
                f"the lines of {MANIFEST} give {self.merkle_root}"
            )
        if self.recorded_oxum is not None and not self.oxum_matches:
            lines.append(
                f"Payload-Oxum: {INFO} records {self.recorded_oxum} (bytes.files), "
                f"the files present give {self.payload_oxum}"
            )
        return lines

    def summary(self) -> str:
        """``OK: N files, Merkle root …`` or ``FAILED: …`` with counts by kind."""
        if self.ok:
            return f"OK: {self.files} files, Merkle root {self.merkle_root}"
        if self.error:
            return f"FAILED: {self.error}"
        counts = [
            (len(self.altered), "altered"),
            (len(self.missing), "missing"),
            (len(self.extra), "extra"),
            (len(self.tag_problems), "tag-manifest problem(s)"),
            (int(self.recorded_root is not None and not self.root_matches), "root mismatch"),
            (int(self.recorded_oxum is not None and not self.oxum_matches), "oxum mismatch"),
        ]
        detail = ", ".join(f"{n} {what}" for n, what in counts if n)
        return f"FAILED: {len(self.problems())} problem(s) in {self.site_dir}: {detail}"


def _digest(path: Path) -> str:
    try:
        return sha256_file(path)
    except OSError as exc:
        return f"nothing (the file cannot be read: {exc.strerror})"


def _read_text(path: Path, report: Report) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        report.tag_problems.append(f"{path.name} is missing")
    except UnicodeDecodeError as exc:
        report.tag_problems.append(f"{path.name} is not valid UTF-8 (byte {exc.start})")
    except OSError as exc:
        report.tag_problems.append(f"{path.name} cannot be read: {exc.strerror}")
    return None


def _check_tag_manifest(site_dir: Path, report: Report) -> None:
    text = _read_text(site_dir / TAGMANIFEST, report)
    if text is None:
        return
    entries, problems = parse_manifest(text, TAGMANIFEST)
    report.tag_problems += problems
    listed = {path for path, _ in entries}
    for name in (MANIFEST, INFO):
        if name not in listed:
            report.tag_problems.append(f"{TAGMANIFEST} does not list {name}")
    for path, expected in entries:
        if path not in (MANIFEST, INFO):
            report.tag_problems.append(f"{TAGMANIFEST} lists {path}, which is not a tag file")
        elif (site_dir / path).is_file() and (found := _digest(site_dir / path)) != expected:
            report.tag_problems.append(f"{path}: expected sha256 {expected}, found {found}")


def _check_info(site_dir: Path, leaves: int, report: Report) -> None:
    text = _read_text(site_dir / INFO, report)
    if text is None:
        return
    tags, problems = parse_tags(text, INFO)
    report.tag_problems += problems
    report.recorded_root = tags.get("Merkle-Root-SHA256")
    report.recorded_oxum = tags.get("Payload-Oxum")
    for label, value in (
        ("Merkle-Root-SHA256", report.recorded_root),
        ("Payload-Oxum", report.recorded_oxum),
    ):
        if value is None:
            report.tag_problems.append(f"{INFO} has no {label}")
    count = tags.get("Merkle-Leaf-Count")
    if count != str(leaves):
        report.tag_problems.append(
            f"{INFO}: Merkle-Leaf-Count is {count}, but {MANIFEST} has {leaves} lines"
        )


def verify_site(site_dir: Path) -> Report:
    """Check a sealed site folder file by file, then its tag manifest and Merkle root.

    Args:
        site_dir: The site's folder (the one holding ``manifest-sha256.txt``).

    Returns:
        A :class:`Report`; ``report.ok`` is true when nothing differs.
    """
    site_dir = Path(site_dir)
    report = Report(site_dir)
    if not site_dir.is_dir():
        report.error = f"{site_dir} is not a folder; build the site with `make site` first"
        return report
    manifest_path = site_dir / MANIFEST
    if not manifest_path.is_file():
        report.error = (
            f"{manifest_path} not found: this folder is not a sealed site. "
            "Build it with `make site` (the build writes the manifest), then run this again"
        )
        return report
    try:
        raw = manifest_path.read_bytes()
    except OSError as exc:
        report.error = f"{manifest_path} cannot be read: {exc.strerror}"
        return report
    leaves = manifest_lines(raw)
    report.merkle_root = merkle_root(leaves).hex()
    try:
        entries, problems = parse_manifest(raw.decode("utf-8"), MANIFEST)
    except UnicodeDecodeError as exc:
        entries, problems = [], [f"{MANIFEST} is not valid UTF-8 (byte {exc.start})"]
    report.tag_problems += problems
    report.files = len(entries)
    listed = set()
    for path, expected in entries:
        listed.add(path)
        target = site_dir / path
        if path in SEAL_FILES:
            report.tag_problems.append(f"{MANIFEST} lists the seal file {path}")
        elif not target.is_file():
            report.missing.append(path)
        elif (found := _digest(target)) != expected:
            report.altered.append(Altered(path, expected, found))
    try:
        on_disk = [p for p in all_files(site_dir) if p not in SEAL_FILES]
    except (ValueError, OSError) as exc:
        report.tag_problems.append(f"cannot list the files: {exc}")
        on_disk = []
    report.extra = [p for p in on_disk if p not in listed]
    report.payload_oxum = oxum((site_dir / p).stat().st_size for p in on_disk)
    _check_tag_manifest(site_dir, report)
    _check_info(site_dir, len(leaves), report)
    return report
