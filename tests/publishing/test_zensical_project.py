"""The Zensical adapter's plain parts: its config, the docs copy, notebook pages, its output."""

from __future__ import annotations

import json
import os
from pathlib import Path

import markdown
import pytest

from publishing.notebook_pages import (
    NotebookPage,
    notebook_files,
    notebook_title,
    page_source,
    point_links_at_pages,
    toc_tokens,
)
from publishing.site_context import raw_html_base
from publishing.zensical_project import (
    source_files,
    sync_tree,
    zensical_config,
    zensical_output,
)

CONFIG = {
    "site_name": "S",
    "docs_dir": "docs",
    "site_dir": "site",
    "theme": {"name": "material", "custom_dir": "overrides"},
    "hooks": ["hooks.py"],
    "plugins": ["search", {"mkdocs-jupyter": {"execute": False}}, "tags"],
    "watch": ["simulations", "publishing"],
    "nav": [{"Home": "index.md"}, {"Lab": ["notebooks/index.md", "notebooks/x.ipynb"]}],
}


def test_config_is_classic_without_hooks_or_mkdocs_only_plugins(tmp_path):
    out = zensical_config(
        CONFIG, root=tmp_path, notebooks=["notebooks/x.ipynb"], watch=[tmp_path / "ctx.json"]
    )
    assert out["theme"]["variant"] == "classic"
    assert out["theme"]["custom_dir"] == str(tmp_path / "overrides")
    assert "hooks" not in out
    assert out["plugins"] == ["search", "tags"]
    assert out["docs_dir"] == "docs" and out["site_dir"] == "site"
    assert out["nav"][1] == {"Lab": ["notebooks/index.md", "notebooks/x.md"]}
    assert str(tmp_path / "simulations") in out["watch"]
    assert str(tmp_path / "ctx.json") in out["watch"]
    assert CONFIG["theme"] == {"name": "material", "custom_dir": "overrides"}  # unchanged


@pytest.mark.parametrize(
    ("src_uri", "url", "mkdocs", "zensical"),
    [
        ("index.md", "", "", ""),
        ("glossary.md", "glossary/", "../", ""),
        ("essays/x.md", "essays/x/", "../../", "../"),
        ("essays/index.md", "essays/", "../", "../"),
        ("notebooks/x.ipynb", "notebooks/x/", "../../", "../"),
    ],
)
def test_raw_html_base_by_generator(src_uri, url, mkdocs, zensical):
    assert raw_html_base(src_uri, url, from_source=False) == mkdocs
    assert raw_html_base(src_uri, url, from_source=True) == zensical


def test_links_to_notebooks_point_at_their_pages():
    text = (
        "See [the lab](../notebooks/x.ipynb), [a part](x.ipynb#part) and "
        "[another file](../data/other.ipynb).\n[ref]: notebooks/x.ipynb\n"
    )
    assert point_links_at_pages(text, {"x.ipynb"}) == (
        "See [the lab](../notebooks/x.md), [a part](x.md#part) and "
        "[another file](../data/other.ipynb).\n[ref]: notebooks/x.md\n"
    )


def test_notebook_title_is_the_first_level_one_heading():
    nb = {
        "cells": [
            {"cell_type": "code", "source": "# not a heading\n"},
            {"cell_type": "markdown", "source": ["Intro\n", "# The lab\n"]},
        ]
    }
    assert notebook_title(nb, "fallback") == "The lab"
    assert notebook_title({"cells": []}, "fallback") == "fallback"


def test_page_source_passes_through_markdown_unchanged():
    html = (
        '<p class="kb-notebook-download"><a href="x/x.ipynb" download>Download</a></p>\n'
        '<div class="jupyter-wrapper">\n<div class="jp-Cell">\n<pre>a\n\n    b  [@k]</pre>\n'
        "</div>\n</div>\n        <style>\n        .x { color: red }\n        </style>\n"
    )
    source = page_source("The lab", html)
    front, body = source.split("---\n", 2)[1:]
    assert 'title: "The lab"' in front and "kb_generated: notebook" in front
    out = markdown.Markdown(extensions=["md_in_html", "toc"]).convert(body)
    assert "<pre>a\n\n    b  [@k]</pre>" in out  # code output kept byte for byte
    assert "<code>" not in out  # the indented <style> was not read as a code block
    assert "<style>" in out


def _nb(path: Path, title: str) -> Path:
    path.write_text(
        json.dumps(
            {
                "cells": [{"cell_type": "markdown", "metadata": {}, "source": f"# {title}\n"}],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )
    )
    return path


def test_sources_replace_each_notebook_by_its_page_and_download(tmp_path):
    docs = tmp_path / "docs"
    (docs / "notebooks").mkdir(parents=True)
    (docs / "index.md").write_text("Open [the lab](notebooks/x.ipynb).\n")
    (docs / "notebooks" / "x.ipynb").write_text("{}")
    executed = _nb(tmp_path / "x.ipynb", "The lab")
    generated = notebook_files(
        {"notebooks/x.ipynb": executed},
        render=lambda nb: '<div class="jupyter-wrapper"><a href="y.ipynb">y</a></div>',
    )
    files = source_files(docs, generated, ["notebooks/x.ipynb"])
    assert sorted(files) == ["index.md", "notebooks/x.md", "notebooks/x/x.ipynb"]
    assert files["index.md"] == b"Open [the lab](notebooks/x.md).\n"
    assert files["notebooks/x/x.ipynb"] == executed.read_bytes()
    page = files["notebooks/x.md"].decode()
    assert 'href="x/x.ipynb" download' in page  # relative to the source notebooks/x.md
    assert 'href="y.md"' in page  # a link to another notebook goes to its page
    assert page.startswith('---\ntitle: "The lab"\n')
    assert NotebookPage("notebooks/x.ipynb").download == "notebooks/x/x.ipynb"


def test_sync_tree_writes_only_what_changed(tmp_path):
    dest = tmp_path / "copy"
    assert sync_tree({"a.md": b"A", "d/b.md": b"B", "old/c.md": b"C"}, dest) == 3
    os.utime(dest / "a.md", (1_000_000, 1_000_000))
    assert sync_tree({"a.md": b"A", "d/b.md": b"B2"}, dest) == 2  # b changed, c removed
    assert (dest / "a.md").stat().st_mtime == 1_000_000  # unchanged file keeps its time
    assert (dest / "d" / "b.md").read_bytes() == b"B2"
    assert not (dest / "old").exists()


def test_zensical_output_keeps_the_message_and_drops_the_traceback():
    raw = (
        "Build started\n"
        "Traceback (most recent call last):\n"
        '  File "/x/zensical/main.py", line 81, in execute_build\n'
        "    build(os.path.abspath(config_file), kwargs)\n"
        "RuntimeError: Python error: CitationError: docs/essays/x.md:12: unknown citation "
        "key @nosuch\n"
        "  did you mean @such?\n"
        "Traceback (most recent call last):\n"
        '  File "/x/markdown/core.py", line 367, in convert\n'
        "\x1b[33mWarning:\x1b[0m page does not exist\n"
    )
    assert zensical_output(raw) == (
        "docs/essays/x.md:12: unknown citation key @nosuch\n"
        "  did you mean @such?\n"
        "Warning: page does not exist"
    )


def test_toc_tokens_nest_headings_to_depth_three_and_skip_code():
    html = (
        '<h1 id="lab">The lab<a class="anchor-link" href="#lab">¶</a></h1>'
        '<h2 id="one">1. One &amp; <em>two</em><a class="anchor-link" href="#one">¶</a></h2>'
        '<h3 id="deeper">Deeper</h3><h4 id="too-deep">Too deep</h4>'
        '<pre><h2 id="in-code">not a heading</h2></pre>'
        '<h2 id="three">Three</h2>'
    )
    (lab,) = toc_tokens(html)
    assert (lab["id"], lab["name"], lab["level"]) == ("lab", "The lab", 1)
    assert [c["id"] for c in lab["children"]] == ["one", "three"]
    one = lab["children"][0]
    assert one["name"] == "1. One & two"
    assert one["html"] == "1. One &amp; <em>two</em>"
    assert [c["id"] for c in one["children"]] == ["deeper"]
