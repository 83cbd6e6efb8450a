"""Put simulation values into prose: ``[[value: module.name]]`` and ``[[value: module.name | fmt]]``.

A page step: :func:`bind_values` takes a page's Markdown and returns it with every value
written as its number, formatted in the mini-language of :mod:`simulations.engine.values`
(the value's own format when none is given). The number is ordinary text inside one
marker element whose ``data-kb-value`` attribute carries where it came from (full
precision, closed form or simulated with its standard error and replicates, module and
parameters, links to the derivation, the figure and its data); ``kb-values.js`` turns
the marker into a disclosure button and draws the popover from that attribute. Without
JavaScript, and for copy, paste and search, the marker is just the number.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

from publishing.errors import SourceError, SourceErrors
from publishing.markdown_lines import lines_outside_code
from simulations.engine.values import VALUE_TOKEN, FormatError, format_number, unknown_value_hint

__all__ = [
    "VALUE_TOKEN",
    "bind_values",
    "value_refs_in",
    "value_table",
]

_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")


def value_table(registry: dict[str, dict], derivations: Iterable[str] = ()) -> dict[str, dict]:
    """Every published value by qualified name (``module.name``), from the runner's index.

    Args:
        registry: the figure runner's index (name -> record); records with values carry
            them under ``"values"``.
        derivations: docs-relative paths of the derivation pages that exist; a value's
            derivation link is kept only if its page is one of them.
    """
    pages = set(derivations)
    table: dict[str, dict] = {}
    for module, record in sorted(registry.items()):
        for name, v in sorted((record.get("values") or {}).items()):
            derivation = v.get("derivation") or ""
            if derivation.split("#", 1)[0] not in pages:
                derivation = ""
            table[f"{module}.{name}"] = {
                **v,
                "derivation": derivation,
                "module": module,
                "name": name,
                "params": record.get("params", {}),
                "essay": record.get("meta", {}).get("essay", ""),
            }
    return table


def value_refs_in(markdown: str) -> list[tuple[str, int]]:
    """``(qualified name, line index)`` of every value token outside code."""
    refs = []
    for i, line in lines_outside_code(markdown):
        line = _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)
        refs.extend((m.group("ref"), i) for m in VALUE_TOKEN.finditer(line))
    return refs


def _page_url(src: str) -> str:
    """The directory URL of a docs-relative page (``essays/a.md`` -> ``essays/a/``)."""
    path = src[: -len(".md")] if src.endswith(".md") else src
    if path == "index":
        return ""
    return path[: -len("index")] if path.endswith("/index") else path + "/"


def _full(x: float) -> str:
    """Full precision, shortest round-trip form, with the site's minus sign."""
    text = repr(float(x))
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace("-", "\u2212")


def popover_data(entry: dict, base: str, with_params: bool = True) -> dict:
    """What the popover shows for one value (also what the browser tests read back).

    ``with_params=False`` leaves the module's parameters out: a page carries them once per
    module, on its first value, and values.js finds them there for the others.
    """
    module = entry["module"]
    # Kept short, since every marker carries its own copy: the module's source and values
    # file are found from the name and ``base`` (values.js builds their addresses).
    data = {
        "name": f"{module}.{entry['name']}",
        "full": _full(entry["value"]),
        "kind": entry["kind"],
        "description": entry["description"],
        "base": base,
    }
    if with_params:
        data["params"] = ", ".join(
            f"{k} = {json.dumps(v)}" for k, v in sorted(entry["params"].items())
        )
    if entry.get("unit"):
        data["unit"] = entry["unit"]
    if entry["kind"] == "simulated":
        data["se"] = _full(entry["se"])
        data["replicates"] = f"{int(entry['replicates']):,}"
        if entry.get("check"):
            data["check"] = f"{module}.{entry['check']}"
    if entry.get("essay"):
        data["figure"] = f"{_page_url(entry['essay'])}#figure-{module}"  # from base
    if entry.get("derivation"):
        page, _, anchor = entry["derivation"].partition("#")
        data["derivation"] = _page_url(page) + (f"#{anchor}" if anchor else "")  # from base
    return data


def render_value(entry: dict, text: str, base: str, with_params: bool = True) -> str:
    """The marker: the number as text, its provenance in one attribute."""
    payload = json.dumps(
        popover_data(entry, base, with_params),
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    # Escaped so that no Markdown processor (tables split on |) reads into the attribute.
    attr = html.escape(payload, quote=True).replace("|", "&#124;")
    return f'<span class="kb-value" data-kb-value="{attr}">{html.escape(text)}</span>'


def bind_values(
    markdown: str,
    values: dict[str, dict],
    page: str,
    line_offset: int,
    stash: Callable[[str], str],
    base: str = "",
) -> str:
    """Replace every ``[[value: ...]]`` outside code with its formatted, marked number.

    Args:
        markdown: the page's Markdown (front matter removed).
        values: :func:`value_table` of the build.
        page: the page's path as a contributor sees it, for error messages.
        line_offset: source line of the Markdown's first line, minus one.
        stash: stores raw HTML and returns the text to put in its place.
        base: relative URL from the page to the site root (``"../../"``).

    Raises:
        SourceErrors: every unknown name or bad format on the page, each with file:line
            and, for a name, the closest known ones.
    """
    lines = markdown.split("\n")
    errors: list[SourceError] = []
    known = sorted(values)
    with_params: set[str] = set()  # modules whose parameters this page already carries
    for i, line in lines_outside_code(markdown):
        if "[[value:" not in line:
            continue
        where = line_offset + i + 1

        def one(m: re.Match, where: int = where) -> str:
            ref, spec = m.group("ref"), m.group("fmt")
            entry = values.get(ref)
            if entry is None:
                hint = unknown_value_hint(ref, known)
                modules = sorted({k.split(".", 1)[0] for k in known})
                fix = (
                    f"{hint} Write [[value: <module>.<name>]]; values are declared by "
                    "values() in simulations/<module>.py "
                    f"(modules with values: {', '.join(modules) or 'none'})"
                ).strip()
                errors.append(SourceError(page, where, f"unknown value '{ref}'", fix))
                return m.group(0)
            try:
                text = format_number(entry["value"], spec or entry["format"])
            except FormatError as exc:
                errors.append(SourceError(page, where, f"value '{ref}': {exc}"))
                return m.group(0)
            first = entry["module"] not in with_params
            with_params.add(entry["module"])
            return stash(render_value(entry, text, base, with_params=first))

        # Inline code is left alone: a page may show the syntax itself.
        pieces, last = [], 0
        for code in _INLINE_CODE.finditer(line):
            pieces.append(VALUE_TOKEN.sub(one, line[last : code.start()]))
            pieces.append(code.group(0))
            last = code.end()
        pieces.append(VALUE_TOKEN.sub(one, line[last:]))
        lines[i] = "".join(pieces)
    if errors:
        raise SourceErrors(errors)
    return "\n".join(lines)


def derivation_pages(docs_dir) -> list[str]:
    """Docs-relative paths of the derivation pages present (``derivations/*.md``)."""
    folder = docs_dir / "derivations"
    if not folder.is_dir():
        return []
    return sorted(PurePosixPath("derivations", p.name).as_posix() for p in folder.glob("*.md"))
