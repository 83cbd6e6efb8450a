"""Turn `[[figure: name]]` lines into numbered <figure> elements with a reproduce box.

The registry is the figure runner's index (name -> record of the last successful run),
so a page can only embed a figure that was actually built, and its caption, alt text,
parameters and hashes are the ones recorded with the outputs.
"""

from __future__ import annotations

import difflib
import html
import json
import re
from collections.abc import Callable
from pathlib import PurePosixPath

from publishing.errors import SourceError
from publishing.markdown_lines import lines_outside_code

FIGURE_LINE = re.compile(r"^\s*\[\[figure:\s*(?P<name>[^\]]*?)\s*\]\]\s*$")
_FILE_LIKE = re.compile(r"^[\w.-]+\.(svg|png|jpe?g|gif|csv|py)$", re.IGNORECASE)
_SVG_SIZE = re.compile(rb'<svg[^>]*?width="([\d.]+)pt"[^>]*?height="([\d.]+)pt"', re.DOTALL)


def figure_names_in(markdown: str) -> list[tuple[str, int]]:
    """``(name, line_index)`` of every figure line outside code blocks."""
    return [
        (m.group("name"), i)
        for i, line in lines_outside_code(markdown)
        if (m := FIGURE_LINE.match(line))
    ]


def svg_pixel_size(svg: bytes) -> tuple[int, int] | None:
    """The SVG's intrinsic size in CSS pixels (matplotlib writes points)."""
    m = _SVG_SIZE.search(svg[:2000])
    if not m:
        return None
    return round(float(m.group(1)) * 4 / 3), round(float(m.group(2)) * 4 / 3)


def check_alt(alt: str, name: str) -> str | None:
    alt = (alt or "").strip()
    if not alt:
        return "has no alt text"
    if alt == name or _FILE_LIKE.match(alt) or len(alt) < 20:
        return f"has alt text that does not describe it ({alt!r})"
    return None


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_ABBREVIATIONS = ("et al.", "e.g.", "i.e.", "vs.", "cf.", "approx.", "Fig.", "No.")
#: The phone variant is shown below this viewport width (CSS px); see docs/stylesheets.
PHONE_MEDIA = "(max-width: 599px)"


def split_caption(caption: str) -> tuple[str, str]:
    """The caption's visible first part and the rest, shown on request.

    A blank line in the caption marks the split; without one, the first sentence is
    shown (a full stop after an abbreviation such as "et al." or an initial ends none).
    """
    caption = caption.strip()
    if "\n\n" in caption:
        head, rest = caption.split("\n\n", 1)
        return " ".join(head.split()), " ".join(rest.split())
    for m in _SENTENCE_END.finditer(caption):
        head = caption[: m.start()]
        if head.endswith(_ABBREVIATIONS) or re.search(r"(?:^|\s)[A-Z]\.$", head):
            continue
        return head, caption[m.end() :]
    return caption, ""


def _picture(url: str, kind: str, alt: str, sizes: dict, size) -> str:
    """One palette's <picture>: the phone layout below PHONE_MEDIA, the wide one above."""
    e = html.escape
    phone_kind = f"phone.{kind}"
    wide = sizes.get(kind) or size
    dims = f' width="{wide[0]}" height="{wide[1]}"' if wide else ""
    source = ""
    if phone_kind in sizes:
        w, h = sizes[phone_kind]
        source = (
            f'<source media="{PHONE_MEDIA}" srcset="{url}.{phone_kind}" width="{w}" height="{h}">'
        )
    return (
        f"<picture>{source}"
        f'<img src="{url}.{kind}" alt="{e(alt)}"{dims} loading="lazy" decoding="async">'
        "</picture>"
    )


def _views(url: str, alt: str, sizes: dict, size) -> str:
    """The figure as shown: each palette's picture inside a link to its full-size SVG.

    The light one is the figure of record (the only one without a dark variant, and the
    one print and the PDF edition show); CSS shows the dark one instead while Material's
    palette is dark, so the reader's toggle switches figures with the page.
    """
    links = [
        f'<a class="kb-figure-view kb-figure-light" href="{url}.svg">'
        + _picture(url, "svg", alt, sizes, size)
        + "</a>\n"
    ]
    if "dark.svg" in sizes:
        links.append(
            f'<a class="kb-figure-view kb-figure-dark" href="{url}.dark.svg">'
            + _picture(url, "dark.svg", alt, sizes, size)
            + "</a>\n"
        )
    return "".join(links)


def render_figure(name: str, record: dict, number: int, base: str, repo_url: str, size) -> str:
    """The HTML of one embedded figure.

    Args:
        name: figure name.
        record: the runner's record for it.
        number: its number on the page.
        base: relative URL from the page to the site root (e.g. ``"../../"``).
        repo_url: the repository's web address, for the "view history" link.
        size: ``(width, height)`` in CSS pixels, or None.
    """
    e = html.escape
    meta = record["meta"]
    fig_url = f"{base}figures/{name}"
    params = record["params"]
    rows = "".join(
        f'<tr><th scope="row"><code>{e(k)}</code></th><td><code>{e(json.dumps(v))}</code></td></tr>'
        for k, v in sorted(params.items())
    )
    versions = ", ".join(f"{e(k)} {e(v)}" for k, v in sorted(record["versions"].items()))
    short, rest = split_caption(meta["caption"])
    more = (
        f'\n<details class="kb-figure-more"><summary>More about this figure</summary>'
        f"<p>{e(rest)}</p></details>"
        if rest
        else ""
    )
    return (
        f'<figure class="kb-figure" id="figure-{e(name)}">\n'
        + _views(fig_url, meta["alt"].strip(), record.get("variants") or {}, size)
        + f'<figcaption><span class="kb-figure-number">Figure {number}.</span> '
        f"<strong>{e(meta['title'])}.</strong> {e(short)}{more}</figcaption>\n"
        f'<details class="kb-reproduce"><summary>Reproduce this figure</summary>\n'
        f'<p>From a clone of the <a href="{e(repo_url)}">repository</a>, run '
        f"<code>make venv</code>, then <code>.venv/bin/python -m simulations {e(name)} --force</code>. "
        f'The figure is rebuilt from <a href="{fig_url}.py"><code>simulations/{e(name)}.py</code></a> '
        f"with these parameters (seed <code>{e(str(params.get('seed')))}</code>):</p>\n"
        f'<table class="kb-params"><tbody>{rows}</tbody></table>\n'
        f'<p>Libraries: {versions}.<br>SVG SHA-256: <code class="kb-hash">{e(record["svg_sha256"])}</code></p>\n'
        f'<p class="kb-figure-links"><a href="{fig_url}.csv" download>Data (CSV)</a> · '
        f'<a href="{fig_url}.prov.json" type="application/json">Provenance (W3C PROV-JSON)</a> · '
        f'<a href="{fig_url}.svg">SVG</a> · <a href="{fig_url}.py">Source</a></p>\n'
        "</details>\n</figure>"
    )


def embed_figures(
    markdown: str,
    *,
    page: str,
    line_offset: int,
    registry: dict[str, dict],
    base: str,
    repo_url: str,
    sizes: dict[str, tuple[int, int] | None] | None = None,
    hold: Callable[[str], str] = lambda text: text,
) -> tuple[str, list[str]]:
    """Replace every figure line with its HTML.

    Args:
        hold: Called with each figure's HTML block; what it returns takes the line's
            place (the page steps pass one that keeps the block out of later steps).

    Returns:
        The new Markdown and the names embedded, in order.

    Raises:
        SourceError: an unknown figure, or one without usable alt text, naming page and line.
    """
    lines = markdown.split("\n")
    names: list[str] = []
    for i, line in lines_outside_code(markdown):
        m = FIGURE_LINE.match(line)
        if not m:
            continue
        name = m.group("name")
        where = line_offset + i + 1
        record = registry.get(name)
        if record is None:
            close = difflib.get_close_matches(name, list(registry), n=3)
            hint = f"did you mean {', '.join(close)}?" if close else ""
            raise SourceError(
                page,
                where,
                f"unknown figure '{name}'",
                f"{hint} Figures are the modules in simulations/ "
                f"(known: {', '.join(sorted(registry)) or 'none built yet'})".strip(),
            )
        problem = check_alt(record["meta"].get("alt", ""), name)
        if problem:
            raise SourceError(
                page,
                where,
                f"figure '{name}' {problem}",
                f"set META.alt in simulations/{name}.py to a sentence describing what the figure shows",
            )
        names.append(name)
        size = (sizes or {}).get(name)
        lines[i] = hold("\n" + render_figure(name, record, len(names), base, repo_url, size) + "\n")
    return "\n".join(lines), names


def relative_base(page_url: str) -> str:
    """Relative path from a page's URL (``essays/x/``) back to the site root."""
    depth = len([p for p in PurePosixPath(page_url or ".").parts if p not in (".", "")])
    if page_url and not page_url.endswith("/"):
        depth -= 1  # a file URL like 404.html sits in its directory
    return "../" * depth
