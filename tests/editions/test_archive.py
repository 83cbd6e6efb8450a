"""The WACZ edition: valid, replayable from its own index, checkable against the site."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile

from warcio.archiveiterator import ArchiveIterator

from provenance import verify_site
from publishing.editions import canonical_url, content_type
from publishing.editions.build import LISTING, WACZ


def _zip(editions) -> zipfile.ZipFile:
    return zipfile.ZipFile(editions.a / WACZ)


def _responses(zf: zipfile.ZipFile) -> dict[str, tuple[str, bytes]]:
    """URL -> (Content-Type, body) of every response record in the WACZ's WARC."""
    out = {}
    with zf.open("archive/data.warc.gz") as fh:
        for record in ArchiveIterator(io.BytesIO(fh.read())):
            if record.rec_type == "response":
                url = record.rec_headers.get_header("WARC-Target-URI")
                out[url] = (
                    record.http_headers.get_header("Content-Type"),
                    record.content_stream().read(),
                )
    return out


def test_wacz_validate_accepts_it(editions):
    proc = subprocess.run(
        [sys.executable, "-m", "wacz", "validate", "-f", str(editions.a / WACZ)],
        capture_output=True,
        text=True,
        cwd=editions.a.parent,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Validation succeeded" in proc.stdout


def test_every_listed_page_replays_with_the_sites_bytes(editions):
    site = editions.a
    project = editions.project
    with _zip(editions) as zf:
        lines = zf.read("pages/pages.jsonl").decode().splitlines()
        responses = _responses(zf)
        index = zf.read("indexes/index.cdx").decode().splitlines()
    header, pages = json.loads(lines[0]), [json.loads(x) for x in lines[1:]]
    assert header["format"] == "json-pages-1.0" and header["hasText"] is True
    html_files = sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html"
    )
    # Every HTML page except the list of editions (written after the archive).
    expected = {canonical_url(project.site_url, f) for f in html_files if f != LISTING}
    assert {p["url"] for p in pages} == expected
    for page in pages:
        rel = page["url"].removeprefix(project.site_url)
        file = site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)
        mime, body = responses[page["url"]]
        assert body == file.read_bytes(), page["url"]
        assert mime == "text/html; charset=utf-8"
        assert page["title"] and page["text"], page["url"]
    essay = project.essays[0]
    entry = next(p for p in pages if p["url"] == essay.url)
    assert essay.title in entry["title"] and "scribe" in entry["text"]
    # The CDXJ index names every record, sorted, with its offset in the WARC.
    urls = [json.loads(line.split(" ", 2)[2])["url"] for line in index]
    assert set(urls) == set(responses) and index == sorted(index)


def test_the_archived_copy_checks_against_its_seal_and_the_live_manifest(editions, tmp_path):
    project = editions.project
    with _zip(editions) as zf:
        responses = _responses(zf)
        package = json.loads(zf.read("datapackage.json"))
        archived_manifest = zf.read("provenance/manifest-sha256.txt").decode()
        archived_info = zf.read("provenance/provenance-info.txt").decode()
        digest = json.loads(zf.read("datapackage-digest.json"))
        assert digest["hash"] == "sha256:" + hashlib.sha256(zf.read("datapackage.json")).hexdigest()
    # Rebuild a folder from the WARC alone and check it as any copy of the site is checked.
    copy = tmp_path / "from-the-archive"
    for url, (_mime, body) in responses.items():
        rel = url.removeprefix(project.site_url)
        target = copy / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    report = verify_site(copy)
    assert report.ok, report.problems()
    root = package["siteProvenance"]["merkleRootSha256"]
    assert root == editions.result.archived_root
    assert f"Merkle-Root-SHA256: {root}" in archived_info
    # The live site's manifest has every archived line, plus the archive and the list.
    live = set((editions.a / "manifest-sha256.txt").read_text().splitlines())
    archived = set(archived_manifest.splitlines())
    assert archived <= live
    assert {line.split("  ", 1)[1] for line in live - archived} == {WACZ, LISTING}
    assert verify_site(editions.a).ok


def test_the_wacz_is_a_deterministic_zip(editions):
    a, b = (editions.a / WACZ).read_bytes(), (editions.b / WACZ).read_bytes()
    assert a == b, "two runs gave different WACZ bytes"
    with _zip(editions) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert len({i.date_time for i in infos}) == 1
        warc = zf.getinfo("archive/data.warc.gz")
        assert warc.compress_type == zipfile.ZIP_STORED


def test_records_have_canonical_urls_and_fixed_types():
    site = "https://example.org/kb/"
    assert canonical_url(site, "index.html") == site
    assert canonical_url(site, "essays/x/index.html") == site + "essays/x/"
    assert canonical_url(site, "figures/a.svg") == site + "figures/a.svg"
    assert content_type("figures/a.svg") == "image/svg+xml"
    assert content_type("feed.xml") == "application/atom+xml"
    assert content_type("a/b.html") == "text/html; charset=utf-8"
    assert content_type("no-extension") == "application/octet-stream"


def test_feed_and_wacz_bytes_match_between_runs(editions):
    assert (editions.a / "feed.xml").read_bytes() == (editions.b / "feed.xml").read_bytes()
    a = (editions.a / "manifest-sha256.txt").read_bytes()
    assert a == (editions.b / "manifest-sha256.txt").read_bytes(), "the sealed sites differ"
