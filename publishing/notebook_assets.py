"""Notebook pages share one stylesheet, pruned to what the notebooks use, and script files.

A rendered notebook (mkdocs-jupyter under MkDocs, the same template under Zensical)
carries JupyterLab's CSS, about 570 kB, as five ``<style>`` elements inside the page's
``<article>``: invalid HTML (the Nu HTML Checker refuses ``<style>`` there), a
Content-Security-Policy would have to allow inline styles for it, and every notebook
page repeats it. After the generator, :func:`share_notebook_styles` takes the
``<style>`` elements out of the notebook pages' articles, keeps from their CSS only the
rules whose selectors can match something on those pages (:func:`prune_css`), writes the
result once as ``assets/stylesheets/notebook.<hash>.css`` (named by its content, so a
browser may cache it for good), and links it at the end of each notebook page's
``<head>``: after the theme's stylesheets, where the inline CSS stood in the cascade.

The template also writes two inline scripts into the article (the ``<clipboard-copy>``
element and its listener, for the copy buttons of code cells). The site's
Content-Security-Policy allows no script from page content, so each becomes a file,
``assets/javascripts/notebook.<hash>.js``, loaded by a ``<script src>`` where the inline
script stood (same order, same timing).

The same code runs on the output of either generator, so both publish the same files.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

import tinycss2

__all__ = [
    "SCRIPT_DIR",
    "STYLESHEET_DIR",
    "classes_in",
    "prune_css",
    "script_name",
    "share_notebook_assets",
    "split_styles",
    "stylesheet_name",
]

STYLESHEET_DIR = "assets/stylesheets"
SCRIPT_DIR = "assets/javascripts"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script\s*>", re.I | re.S)
_STYLE = re.compile(r"[ \t]*<style\b[^>]*>(.*?)</style\s*>[ \t]*\n?", re.I | re.S)
_ARTICLE = re.compile(r"<article\b.*</article\s*>", re.I | re.S)
_CLASS_ATTR = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
_NOT = re.compile(r":not\(")
#: Selector functions whose classes need not all be on the page for the rule to apply.
_ANY_OF = (":is(", ":where(", ":has(", ":matches(")
#: Classes the theme's script adds at run time, which no built page holds.
_THEME_PREFIX = "md-"


def split_styles(page: str) -> tuple[str, list[str]]:
    """The page without the ``<style>`` elements of its ``<article>``, and their CSS."""
    m = _ARTICLE.search(page)
    if m is None:
        return page, []
    css = [s.group(1).strip() for s in _STYLE.finditer(m.group(0))]
    article = _STYLE.sub("", m.group(0))
    return page[: m.start()] + article + page[m.end() :], [c for c in css if c]


def classes_in(pages: Iterable[str]) -> set[str]:
    """Every class named in a ``class`` attribute of the pages."""
    found: set[str] = set()
    for page in pages:
        for m in _CLASS_ATTR.finditer(page):
            found.update((m.group(1) or m.group(2) or "").split())
    return found


def _without_not(selector: str) -> str:
    """The selector with every ``:not(…)`` removed: what it excludes need not exist."""
    out, i = [], 0
    while (m := _NOT.search(selector, i)) is not None:
        out.append(selector[i : m.start()])
        depth, j = 1, m.end()
        while j < len(selector) and depth:
            depth += {"(": 1, ")": -1}.get(selector[j], 0)
            j += 1
        i = j
    out.append(selector[i:])
    return "".join(out)


def _may_match(selector: str, used: set[str]) -> bool:
    if any(f in selector for f in _ANY_OF):
        return True  # any one of several classes would do: keep it rather than guess
    return all(
        c in used or c.startswith(_THEME_PREFIX) for c in _CLASS.findall(_without_not(selector))
    )


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(prelude):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return [p.strip() for p in parts if p.strip()]


def _prune_rules(rules, used: set[str]) -> list[str]:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = _split_selectors(tinycss2.serialize(rule.prelude))
            kept = [s for s in selectors if _may_match(s, used)]
            if kept:
                out.append(f"{','.join(kept)}{{{tinycss2.serialize(rule.content).strip()}}}")
        elif rule.type == "at-rule":
            name = rule.lower_at_keyword
            if name == "charset":
                continue  # only allowed first in a file; the file is UTF-8 anyway
            if name in ("media", "supports", "container", "layer") and rule.content is not None:
                inner = _prune_rules(
                    tinycss2.parse_rule_list(
                        rule.content, skip_comments=True, skip_whitespace=True
                    ),
                    used,
                )
                if inner:
                    prelude = tinycss2.serialize(rule.prelude).strip()
                    out.append(f"@{rule.at_keyword} {prelude}{{{''.join(inner)}}}")
            else:
                out.append(rule.serialize().strip())
        # Parse errors (mkdocs-jupyter writes one <style> holding a Python list's repr)
        # are what a browser drops too.
    return out


_VAR_REF = re.compile(r"var\(\s*(--[\w-]+)")


def _declarations(rule) -> list:
    return [
        d
        for d in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True)
        if d.type == "declaration"
    ]


def _custom_properties_used(rules, other_css: str) -> set[str]:
    """Custom properties some kept declaration reads, directly or through another one."""
    defined: dict[str, list[str]] = {}
    used = set(_VAR_REF.findall(other_css))
    for rule in rules:
        if rule.type != "qualified-rule":
            continue
        for d in _declarations(rule):
            value = tinycss2.serialize(d.value)
            if d.name.startswith("--"):
                defined.setdefault(d.name, []).append(value)
            else:
                used.update(_VAR_REF.findall(value))
    todo = list(used)
    while todo:
        for value in defined.get(todo.pop(), []):
            new = set(_VAR_REF.findall(value)) - used
            used |= new
            todo.extend(new)
    return used


def _drop_unused_properties(css: str, other_css: str) -> str:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    flat = list(rules)
    for rule in rules:  # one level of @media is what JupyterLab's CSS has
        if rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword == "media":
            flat += tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
    used = _custom_properties_used(flat, other_css)
    out = []
    for rule in rules:
        if rule.type != "qualified-rule":
            out.append(rule.serialize().strip())
            continue
        decls = [
            f"{d.name}:{tinycss2.serialize(d.value).strip()}{' !important' if d.important else ''}"
            for d in _declarations(rule)
            if not d.name.startswith("--") or d.name in used
        ]
        if decls:
            out.append(f"{tinycss2.serialize(rule.prelude).strip()}{{{';'.join(decls)}}}")
    return "\n".join(out) + "\n"


def prune_css(css: str, used: set[str], other_css: str = "") -> str:
    """The rules of ``css`` that can match a page whose classes are ``used``.

    A selector is dropped only when it names a class that no page has (outside
    ``:not()``); selectors of elements, attributes and ids are kept, and so are the
    theme's ``md-`` classes, some of which its script adds at run time. Rules inside
    ``@media`` and similar blocks are pruned the same way; other at-rules are kept.
    Then custom properties (``--jp-…``) that no kept declaration reads, nor
    ``other_css`` (the site's other stylesheets), are dropped.
    """
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return _drop_unused_properties("\n".join(_prune_rules(rules, used)), other_css)


def stylesheet_name(css: str) -> str:
    """Site path of the notebook stylesheet, named by its content."""
    return f"{STYLESHEET_DIR}/notebook.{hashlib.sha256(css.encode('utf-8')).hexdigest()[:12]}.css"


def script_name(js: str) -> str:
    """Site path of a notebook script, named by its content."""
    return f"{SCRIPT_DIR}/notebook.{hashlib.sha256(js.encode('utf-8')).hexdigest()[:12]}.js"


def _scripts_to_files(page: str, root: str, written: dict[str, str]) -> str:
    """The page with each plain inline script of its article loaded from a file instead;
    ``written`` collects ``{site path: script}``."""
    m = _ARTICLE.search(page)
    if m is None:
        return page

    def to_file(s: re.Match) -> str:
        name = script_name(s.group(1))
        written[name] = s.group(1)
        return f'<script src="{root}{name}"></script>'

    return page[: m.start()] + _INLINE_SCRIPT.sub(to_file, m.group(0)) + page[m.end() :]


def _relative_root(page: Path, site_dir: Path) -> str:
    depth = len(page.relative_to(site_dir).parts) - 1
    return "../" * depth


def share_notebook_assets(site_dir: Path, pages: Iterable[Path]) -> dict[str, int]:
    """Move the notebook pages' inline CSS and scripts into shared files.

    Args:
        site_dir: The built site.
        pages: The notebook pages' HTML files in it.

    Returns:
        What was written: ``{site path: bytes}`` (the stylesheet, the scripts), and
        ``"inline CSS"``: the bytes of CSS the pages held before pruning.
    """
    site_dir = Path(site_dir)
    texts = {Path(p): Path(p).read_text(encoding="utf-8") for p in pages}
    split = {path: split_styles(text) for path, text in texts.items()}
    blocks = list(dict.fromkeys(c for _page, css in split.values() for c in css))
    written: dict[str, str] = {}
    name = None
    if blocks:
        others = "\n".join(
            p.read_text(encoding="utf-8")
            for p in sorted(site_dir.rglob("*.css"))
            if not p.name.startswith("notebook.")
        )
        css = prune_css("\n".join(blocks), classes_in(page for page, _ in split.values()), others)
        name = stylesheet_name(css)
        written[name] = css
    for path, (page, found) in split.items():
        root = _relative_root(path, site_dir)
        if found:
            link = f'<link rel="stylesheet" href="{root}{name}">\n'
            page = page.replace("</head>", link + "</head>", 1)
        page = _scripts_to_files(page, root, written)
        if page != texts[path]:
            path.write_text(page, encoding="utf-8")
    for rel, text in written.items():
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    report = {rel: len(text.encode("utf-8")) for rel, text in written.items()}
    if blocks:
        report["inline CSS"] = len("\n".join(blocks).encode("utf-8"))
    return report
