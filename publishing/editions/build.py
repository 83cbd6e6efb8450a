"""Build every edition into a built site, in the one order that keeps the seal honest.

1. the Atom feed and the PDFs are made in a staging folder, then moved into the site;
2. the site is sealed (the manifest now covers them);
3. the web archive is made from every file of that sealed site, seal included;
4. ``editions/list.html`` lists every edition with its size and SHA-256;
5. the site is sealed again, so the final manifest covers the archive and the list too.

A failure before step 2 leaves the site as ``make site`` left it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from provenance import seal_site
from provenance.manifest import SEAL_FILES, all_files
from publishing.editions import archive, pdf
from publishing.editions.feed import FEED_PATH, atom_feed
from publishing.editions.listing import Edition, listing_html
from publishing.editions.project import Project, load_project

EDITIONS_DIR = "editions"
COLLECTION_PDF = f"{EDITIONS_DIR}/{pdf.COLLECTION_NAME}.pdf"
WACZ = f"{EDITIONS_DIR}/{pdf.COLLECTION_NAME}.wacz"
LISTING = f"{EDITIONS_DIR}/list.html"


class EditionError(RuntimeError):
    """The editions cannot be built; the message says why and what to do."""


@dataclass
class Result:
    """What a run built: every edition file and the two Merkle roots."""

    files: list[str] = field(default_factory=list)
    archived_root: str = ""
    final_root: str = ""
    seconds: dict[str, float] = field(default_factory=dict)


def _edition_date(project: Project, epoch: int) -> str:
    days = [e.updated for e in project.essays]
    day = max(days) if days else dt.datetime.fromtimestamp(epoch, dt.UTC).date()
    return day.isoformat()


def build_editions(
    site_dir: Path,
    root: Path,
    *,
    epoch: int,
    commit: str,
    report: Callable[[str], None] = print,
) -> Result:
    """Build the feed, the PDFs and the WACZ into ``site_dir`` and reseal it.

    Args:
        site_dir: a site built and sealed by ``make site``.
        root: the project (``mkdocs.yml`` and ``docs/``).
        epoch: ``SOURCE_DATE_EPOCH``.
        commit: the source commit, for the seal.
        report: where progress lines go.

    Raises:
        EditionError: no built site, or a PDF asked for a resource outside the site.
        publishing.SourceError: a source the editions read is wrong (file and line named).
    """
    site_dir = Path(site_dir).resolve()
    if not (site_dir / "index.html").is_file():
        raise EditionError(f"no built site in {site_dir} (no index.html): run `make site` first")
    project = load_project(root)
    result = Result()
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        result.seconds[name] = now - clock
        clock = now

    with tempfile.TemporaryDirectory(prefix=".editions-", dir=site_dir.parent) as tmp:
        staging = Path(tmp)
        (staging / EDITIONS_DIR).mkdir()
        (staging / FEED_PATH).write_bytes(atom_feed(project, epoch))
        made = [FEED_PATH]
        lap("feed")
        try:
            for essay in project.essays:
                name = f"{EDITIONS_DIR}/{essay.slug}.pdf"
                (staging / name).write_bytes(
                    pdf.render_pdf(pdf.essay_html(project, essay, site_dir), site_dir)
                )
                made.append(name)
            collection = pdf.collection_html(project, site_dir, _edition_date(project, epoch))
            (staging / COLLECTION_PDF).write_bytes(pdf.render_pdf(collection, site_dir))
        except (pdf.RefusedFetch, FileNotFoundError, ValueError) as exc:
            raise EditionError(f"the PDF edition failed: {exc}") from None
        made.append(COLLECTION_PDF)
        lap("pdf")
        # Editions of an earlier run go: the folder is rebuilt whole.
        shutil.rmtree(site_dir / EDITIONS_DIR, ignore_errors=True)
        (site_dir / EDITIONS_DIR).mkdir()
        for name in made:
            os.replace(staging / name, site_dir / name)
    result.files = list(made)

    result.archived_root = seal_site(site_dir, commit=commit, source_date_epoch=epoch)
    files = all_files(site_dir)
    seal = {name: (site_dir / name).read_bytes() for name in SEAL_FILES}
    wacz = archive.make_wacz(
        project, site_dir, files, epoch=epoch, seal=seal, merkle_root=result.archived_root
    )
    _write(site_dir / WACZ, wacz)
    result.files.append(WACZ)
    lap("wacz")

    listed = [Edition("Atom feed of essays and corrections", FEED_PATH, "Atom feed")]
    listed.append(Edition(f"{project.site_name}: the collection", COLLECTION_PDF, "PDF"))
    listed += [
        Edition(essay.title, f"{EDITIONS_DIR}/{essay.slug}.pdf", "PDF") for essay in project.essays
    ]
    listed.append(Edition(f"{project.site_name}: web archive", WACZ, "WACZ web archive"))
    _write(
        site_dir / LISTING,
        listing_html(project, site_dir, listed, result.archived_root).encode("utf-8"),
    )
    result.files.append(LISTING)
    result.final_root = seal_site(site_dir, commit=commit, source_date_epoch=epoch)
    lap("seal")
    for name in result.files:
        report(f"  {name}  ({(site_dir / name).stat().st_size:,} bytes)")
    return result


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
