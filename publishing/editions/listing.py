"""``editions/list.html``: every edition with its size and SHA-256.

Why a page of its own, written last, rather than a table inside the Provenance page:
the sizes and digests exist only once the editions are built, and the web archive
holds every page of the site. Writing them into a page the archive also holds would
make the archived page differ from the live one, or ask the archive to contain its own
digest. So every page keeps exactly the bytes ``make site`` gave it, the Provenance
page links here with plain links (no script), and this page, which no archive holds,
is the only one written after the archive. It is static and deterministic: the same
editions give the same page. It is a standalone document beside the files it lists
(like ``manifest-sha256.txt``), not one of the site's pages, so it is not named
``index.html``: the site's page set stays what the generator built.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass
from pathlib import Path

from publishing.editions.project import Project


@dataclass(frozen=True)
class Edition:
    """One published file: what it is and where it lies in the site."""

    label: str
    path: str  # relative to the site root ("editions/x.pdf", "feed.xml")
    kind: str  # "Atom feed", "PDF", "WACZ web archive"


def human_size(size: int) -> str:
    """``1234567`` -> ``"1.2 MB"`` (decimal units, as file browsers show them)."""
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def listing_html(
    project: Project, site_dir: Path, editions: list[Edition], archived_root: str
) -> str:
    """The page's HTML. Links are relative to ``editions/``, so it works offline too."""
    e = html.escape
    rows = []
    for ed in editions:
        file = site_dir / ed.path
        data = file.read_bytes()
        href = (
            ed.path.removeprefix("editions/")
            if ed.path.startswith("editions/")
            else "../" + ed.path
        )
        rows.append(
            "<tr>"
            f'<th scope="row"><a href="{e(href)}">{e(ed.label)}</a></th>'
            f"<td>{e(ed.kind)}</td>"
            f'<td><span title="{len(data)} bytes">{e(human_size(len(data)))}</span></td>'
            f"<td><code>{hashlib.sha256(data).hexdigest()}</code></td>"
            "</tr>"
        )
    table = "\n".join(rows)
    return f"""<!DOCTYPE html>
<html lang="{e(project.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Editions: take the site with you - {e(project.site_name)}</title>
<meta name="description" content="The Atom feed, PDF and web-archive editions of {e(project.site_name)}, with the size and SHA-256 digest of each file.">
<link rel="canonical" href="{e(project.site_url)}editions/list.html">
<link rel="alternate" type="application/atom+xml" title="{e(project.site_name)}: essays and corrections" href="../feed.xml">
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1b1f24; background: #fff; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #d5dbe1; vertical-align: top; }}
code {{ font-size: 0.8rem; word-break: break-all; }}
a {{ color: #1f4fa3; }}
</style>
</head>
<body>
<main>
<h1>Take the site with you</h1>
<p>Every edition below is built from the same sources as the site, by <code>make editions</code>,
and is listed in the site's <a href="../manifest-sha256.txt">manifest</a>. Check a download
with <code>sha256sum</code>: its digest must equal the one shown here. The
<a href="../provenance/#take-the-site-with-you">Provenance page</a> says what each edition is for.</p>
<table>
<caption>The editions of {e(project.site_name)}, with their sizes and SHA-256 digests</caption>
<thead><tr><th scope="col">Edition</th><th scope="col">Format</th><th scope="col">Size</th><th scope="col">SHA-256</th></tr></thead>
<tbody>
{table}
</tbody>
</table>
<p>The web archive holds every file of the site except itself and this page, as the site
was sealed just before the archive was made: its <code>provenance/</code> folder carries that
seal, whose Merkle root is <code>{e(archived_root)}</code>. Each file in the archive has the
same line in this site's own manifest, so an archived copy can be checked file by file
against the live site.</p>
<p><a href="../">Back to {e(project.site_name)}</a></p>
</main>
</body>
</html>
"""
