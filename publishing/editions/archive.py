"""The web-archive edition: every file of the built site as a WARC, packaged as WACZ.

Each file becomes a WARC ``response`` record under its canonical address (``site_url``
plus its path; ``x/index.html`` is served at ``x/``), with its Content-Type. The WACZ
(format 1.1.1) holds that WARC, a CDXJ index, ``indexes/index.cdx`` (made by ``cdxj-indexer``, the indexer
py-wacz uses), a page list with the full text of every HTML page (so ReplayWeb.page can
search it), and the site's seal (manifest and Merkle root), so an archived copy can be
checked against the site it came from.

We assemble the WACZ ourselves rather than with ``wacz create``, because py-wacz stamps
the zip entries and ``datapackage.json`` with the current time; every date here comes
from ``SOURCE_DATE_EPOCH``, record ids are derived from the content, and zip entries
are sorted with fixed timestamps, so the same site always gives the same bytes.
``wacz validate`` checks the result.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import tempfile
import uuid
import zipfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import lxml.html
from cdxj_indexer.main import CDXJIndexer
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from publishing.editions.project import Project

WACZ_VERSION = "1.1.1"
WARC_NAME = "data.warc.gz"
#: Content types by file extension. A fixed table, not the ``mimetypes`` module, whose
#: answers depend on the machine's /etc/mime.types (and so would the archive's bytes).
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".jsonl": "application/jsonl",
    ".ipynb": "application/x-ipynb+json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".py": "text/x-python; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".bib": "application/x-bibtex; charset=utf-8",
    ".pdf": "application/pdf",
    ".gz": "application/gzip",
    ".zip": "application/zip",
    ".wacz": "application/wacz",
}
SPECIAL_TYPES = {"feed.xml": "application/atom+xml"}


@dataclass(frozen=True)
class Capture:
    """One file of the site as it is archived."""

    path: str  # in the site folder ("essays/x/index.html")
    url: str  # canonical address ("https://.../essays/x/")
    content_type: str
    sha256: str


def content_type(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if name in SPECIAL_TYPES:
        return SPECIAL_TYPES[name]
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return CONTENT_TYPES.get(suffix, "application/octet-stream")


def canonical_url(site_url: str, path: str) -> str:
    """The published address of a site file (``a/index.html`` -> ``site_url + "a/"``)."""
    if path == "index.html":
        return site_url
    if path.endswith("/index.html"):
        return site_url + path[: -len("index.html")]
    return site_url + path


def warc_date(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def record_id(url: str, digest: str) -> str:
    """A record id that depends only on what is recorded (RFC 4122 name-based UUID)."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url + ' sha256:' + digest)}>"


def captures(site_dir: Path, files: list[str], site_url: str) -> list[Capture]:
    out = []
    for rel in files:
        digest = hashlib.sha256((site_dir / rel).read_bytes()).hexdigest()
        out.append(Capture(rel, canonical_url(site_url, rel), content_type(rel), digest))
    return out


def write_warc(site_dir: Path, items: list[Capture], epoch: int, out, info: dict) -> None:
    """Write a gzipped WARC 1.1 of ``items`` to the binary file ``out``.

    Args:
        site_dir: the built site.
        items: the files, in the order to write them.
        epoch: ``SOURCE_DATE_EPOCH``, the date of every record.
        out: a binary file open for writing.
        info: the ``warcinfo`` fields (software, description, ...).
    """
    writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
    date = warc_date(epoch)
    fields = "".join(f"{k}: {v}\r\n" for k, v in info.items()).encode()
    warcinfo = writer.create_warc_record(
        WARC_NAME,
        "warcinfo",
        payload=io.BytesIO(fields),
        length=len(fields),
        warc_content_type="application/warc-fields",
        warc_headers_dict={
            "WARC-Date": date,
            "WARC-Record-ID": record_id(
                "warcinfo:" + WARC_NAME, hashlib.sha256(fields).hexdigest()
            ),
            "WARC-Filename": WARC_NAME,
        },
    )
    writer.write_record(warcinfo)
    for item in items:
        body = (site_dir / item.path).read_bytes()
        http = StatusAndHeaders(
            "200 OK",
            [("Content-Type", item.content_type), ("Content-Length", str(len(body)))],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            item.url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http,
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Record-ID": record_id(item.url, item.sha256),
            },
        )
        writer.write_record(record)


def cdxj_index(warc: Path) -> bytes:
    """The sorted CDXJ index of one WARC, as ``cdxj-indexer`` (and py-wacz) writes it."""
    text = io.StringIO()
    CDXJIndexer(text, [str(warc)], sort=True, filename=WARC_NAME).process_all()
    return text.getvalue().encode("utf-8")


def page_entry(site_dir: Path, item: Capture, epoch: int) -> dict:
    """One line of pages.jsonl: address, title and the page's readable text."""
    doc = lxml.html.fromstring((site_dir / item.path).read_bytes())
    title = (doc.findtext(".//title") or item.url).strip()
    main = doc.xpath("//article") or doc.xpath("//main") or doc.xpath("//body") or [doc]
    for junk in main[0].xpath(".//script|.//style|.//nav|.//*[@class='headerlink']"):
        junk.drop_tree()
    words = " ".join(main[0].text_content().split())
    return {
        "id": uuid.uuid5(uuid.NAMESPACE_URL, item.url).hex,
        "url": item.url,
        "ts": warc_date(epoch),
        "title": title,
        "text": words,
    }


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=False, indent=2).encode() + b"\n"


def _zipinfo(name: str, epoch: int, stored: bool) -> zipfile.ZipInfo:
    # Zip dates start in 1980; a smaller SOURCE_DATE_EPOCH is clamped, not an error.
    when = dt.datetime.fromtimestamp(max(epoch, 315532800), dt.UTC)
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, on every machine
    info.external_attr = 0o100644 << 16
    return info


def make_wacz(
    project: Project,
    site_dir: Path,
    files: list[str],
    *,
    epoch: int,
    seal: dict[str, bytes],
    merkle_root: str,
) -> bytes:
    """The WACZ of ``files`` of the built site, as bytes.

    Args:
        project: the site's settings.
        site_dir: the built site.
        files: the site files to archive (paths relative to ``site_dir``), sorted.
        epoch: ``SOURCE_DATE_EPOCH``: the capture date of every record.
        seal: the seal files that describe exactly these files (name -> bytes), stored
            under ``provenance/`` in the WACZ.
        merkle_root: the Merkle root recorded in that seal.
    """
    site_dir = Path(site_dir)
    items = captures(site_dir, files, project.site_url)
    software = f"Collapse & Provenance editions (warcio {version('warcio')})"
    with tempfile.TemporaryDirectory(prefix="wacz-") as tmp:
        warc_path = Path(tmp) / WARC_NAME
        with warc_path.open("wb") as out:
            write_warc(
                site_dir,
                items,
                epoch,
                out,
                {
                    "software": software,
                    "format": "WARC File Format 1.1",
                    "isPartOf": project.site_name,
                    "description": f"Every file of {project.site_url}, from the built site",
                    "operator": project.author,
                },
            )
        warc = warc_path.read_bytes()
        index = cdxj_index(warc_path)
    pages = [
        page_entry(site_dir, item, epoch)
        for item in items
        if item.path.endswith(".html") and item.path != "404.html"
    ]
    header = {"format": "json-pages-1.0", "id": "pages", "title": "All pages", "hasText": True}
    pages_jsonl = b"".join(
        json.dumps(p, ensure_ascii=False).encode() + b"\n" for p in [header, *pages]
    )
    contents: dict[str, tuple[bytes, bool]] = {
        f"archive/{WARC_NAME}": (warc, True),  # already gzipped: stored, as WACZ asks
        "indexes/index.cdx": (index, False),
        "pages/pages.jsonl": (pages_jsonl, False),
    }
    for name, data in sorted(seal.items()):
        contents[f"provenance/{name}"] = (data, False)
    resources = [
        {
            "name": path.rsplit("/", 1)[-1],
            "path": path,
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
        }
        for path, (data, _stored) in sorted(contents.items())
    ]
    package = {
        "profile": "data-package",
        "resources": resources,
        "wacz_version": WACZ_VERSION,
        "software": software,
        "created": warc_date(epoch),
        "title": project.site_name,
        "description": project.description,
        "mainPageURL": project.site_url,
        "mainPageDate": warc_date(epoch),
        # Not part of the WACZ specification (extra keys are allowed): the seal of the
        # archived site. Every file in the WARC is a line of provenance/manifest-sha256.txt,
        # whose RFC 9162 Merkle root is below; the live site's manifest lists the same lines.
        "siteProvenance": {
            "merkleRootSha256": merkle_root,
            "manifest": "provenance/manifest-sha256.txt",
            "info": "provenance/provenance-info.txt",
            "files": len(items),
            "check": "python -m provenance.verify <folder> on the files extracted from the WARC",
        },
    }
    package_bytes = _json(package)
    digest = _json(
        {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(package_bytes).hexdigest()}
    )
    contents["datapackage.json"] = (package_bytes, False)
    contents["datapackage-digest.json"] = (digest, False)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name in sorted(contents):
            data, stored = contents[name]
            zf.writestr(_zipinfo(name, epoch, stored), data, compresslevel=None if stored else 9)
    return buffer.getvalue()
