"""Turn `[[figure: name]]` lines into numbered <figure> elements with a reproduce box.

The registry is the figure runner's index (name -> record of the last successful run),
so a page can only embed a figure that was actually built, and its caption, alt text,
parameters and hashes are the ones recorded with the outputs.
"""

from __future__ import annotations

import ast
import difflib
import html
import json
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath

from publishing.errors import SourceError, SourceErrors
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


#: The scaffold's prompt (tools/scaffold.py writes it); a figure still holding it in its
#: docstring or META is not finished, and neither the build nor the editorial check embeds it.
SCAFFOLD_MARK = "WRITE:"


def unknown_figure(name: str, known: Iterable[str], where: str, line: int) -> SourceError:
    """The one message for a figure line naming no figure (build and editorial check).

    Args:
        name: the name on the figure line.
        known: the figure names that exist (modules, or the figures built).
        where: the page's path as shown to the contributor.
        line: the file line of the figure line.
    """
    known = sorted(known)
    close = difflib.get_close_matches(name, known, n=3)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    return SourceError(
        where,
        line,
        f"unknown figure '{name}': there is no simulations/{name}.py",
        f"{hint}Figures are the modules in simulations/ "
        f"({', '.join(known) or 'none yet'}); make simulation NAME={name} starts one",
    )


def figure_problems(
    name: str, meta: Mapping[str, object], docstring: str, where: str, line: int
) -> list[SourceError]:
    """What keeps an existing figure from being embedded: its alt text, scaffold prompts.

    The one rule for the build (from the runner's record and the module's source) and the
    editorial check (from the imported module).

    Args:
        name: the figure (module) name.
        meta: its ``META`` fields (title, caption, alt, essay).
        docstring: its module docstring ("" when it has none).
        where: the embedding page's path as shown to the contributor.
        line: the file line of the figure line.
    """
    source = f"simulations/{name}.py"
    problems = []
    problem = check_alt(str(meta.get("alt") or ""), name)
    if problem:
        problems.append(
            SourceError(
                where,
                line,
                f"figure '{name}' {problem}",
                f"set META.alt in {source} to a sentence describing what the figure shows "
                "(the trend, the scale, where curves cross), not a file name",
            )
        )
    if SCAFFOLD_MARK in (docstring or ""):
        problems.append(
            SourceError(
                where,
                line,
                f"figure '{name}': the docstring of {source} still holds the scaffold's "
                f"'{SCAFFOLD_MARK}' paragraph",
                "say which question the figure answers and which essay embeds it, then "
                "delete the paragraph",
            )
        )
    for field in ("title", "caption", "alt", "essay"):
        if SCAFFOLD_MARK in str(meta.get(field, "")):
            problems.append(
                SourceError(
                    where,
                    line,
                    f"figure '{name}': META.{field} in {source} still holds the scaffold's "
                    f"'{SCAFFOLD_MARK}' prompt",
                    f"write the {field} and delete the prompt",
                )
            )
    return problems


def module_docstring(path: Path) -> str:
    """A module's docstring read from its source without importing it ("" if none)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return ""  # the runner reports unreadable modules with their line
    return ast.get_docstring(tree, clean=False) or ""


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


def explore_control(name: str, record: dict, title: str) -> str:
    """The "Explore" control under an explorable figure, or "" for a figure without one.

    The button carries the ``hidden`` attribute: a reader without JavaScript (and print,
    the PDF and the web archive) sees the static figure only; docs/javascripts/explore.js
    reveals it, and on the first click loads the drawing script, its styles and
    ``figures/<name>.explore.json`` (files: the Content-Security-Policy refuses inline
    script and style). The box names the figure only: explore.js finds the site's root
    from its own address, which each generator writes right, whereas a relative URL in a
    data attribute is left alone by Zensical's link rewriting. The box keeps its height
    either way (explore.css), so revealing the button moves nothing, and the explorable
    opens in a dialog above the page, so opening it moves nothing either.
    """
    if "explore.json" not in (record.get("files") or {}):
        return ""
    e = html.escape
    return (
        f'<div class="kb-explore" data-kb-explore="{e(name)}">'
        '<button type="button" class="kb-explore-open md-button" aria-haspopup="dialog" '
        f'aria-label="Explore this figure ({e(title)})" hidden>Explore this figure</button></div>\n'
    )


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
        # Between the views and the caption: a figure's caption is its first or last child.
        + explore_control(name, record, f"figure {number}: {meta['title']}")
        + f'<figcaption><span class="kb-figure-number">Figure {number}.</span> '
        f"<strong>{e(meta['title'])}.</strong> {e(short)}{more}\n"
        # Inside the caption: a figure's caption is its first or last child, so a box after
        # the <figcaption> is invalid HTML (the Nu HTML Checker says so).
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
        "</details></figcaption>\n</figure>"
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
    docstrings: Mapping[str, str] | None = None,
) -> tuple[str, list[str]]:
    """Replace every figure line with its HTML.

    Args:
        hold: Called with each figure's HTML block; what it returns takes the line's
            place (the page steps pass one that keeps the block out of later steps).
        docstrings: figure name -> its module docstring, for the scaffold-prompt rule.

    Returns:
        The new Markdown and the names embedded, in order.

    Raises:
        SourceError(s): an unknown figure, or one without usable alt text or still holding
            the scaffold's prompt, naming page and line.
    """
    docstrings = docstrings or {}
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
            raise unknown_figure(name, registry, page, where)
        problems = figure_problems(name, record["meta"], docstrings.get(name, ""), page, where)
        if problems:
            raise problems[0] if len(problems) == 1 else SourceErrors(problems)
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
