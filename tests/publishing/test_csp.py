"""publishing.csp: the policy of one page, from its final HTML."""

from __future__ import annotations

import base64
import hashlib

import pytest

from publishing.csp import (
    RUNTIME_STYLES,
    InlineContent,
    PageWithoutHead,
    add_csp,
    inline_script_hashes,
    inline_style_hashes,
    policy_for,
    with_csp,
)

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width">
<script>var a = 1;</script>
<script type="module">import "./x.js";</script>
<script src="bundle.js"></script>
<script type="application/ld+json">{"@type": "WebPage"}</script>
<script id="__config" type="application/json">{"base": ".."}</script>
<link rel="stylesheet" href="x.css">
<style>p { color: red }</style>
</head>
<body><p>text</p><script>var b = 2;</script></body>
</html>
"""


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_only_inline_executable_scripts_are_hashed():
    assert inline_script_hashes(PAGE) == sorted(
        [_sha("var a = 1;"), _sha('import "./x.js";'), _sha("var b = 2;")]
    )


def test_the_policy_allows_the_site_and_the_hashes_and_nothing_else():
    policy = policy_for(PAGE)
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"].split() == ["'self'", *inline_script_hashes(PAGE)]
    assert directives["style-src"].split() == [
        "'self'",
        *sorted([_sha("p { color: red }"), *RUNTIME_STYLES]),
    ]
    assert inline_style_hashes(PAGE) == [_sha("p { color: red }")]
    for name in ("font-src", "connect-src", "worker-src", "base-uri", "form-action"):
        assert directives[name] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy


def test_the_policy_comes_right_after_the_charset_and_a_second_run_changes_nothing():
    once = with_csp(PAGE)
    lines = once.splitlines()
    assert lines[3] == '<meta charset="utf-8">'
    assert lines[4].startswith('<meta http-equiv="Content-Security-Policy" content="')
    assert with_csp(once) == once


def test_an_injected_script_changes_the_hash_it_would_need():
    tampered = PAGE.replace("var a = 1;", "alert(document.cookie)")
    assert _sha("alert(document.cookie)") not in policy_for(PAGE)
    assert _sha("alert(document.cookie)") in policy_for(tampered)


def test_add_csp_writes_one_policy_for_every_page_and_names_a_page_without_head(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(PAGE)
    other = PAGE.replace("var b = 2;", "var c = 3;")
    (tmp_path / "404.html").write_text(other)
    (tmp_path / "data.json").write_text("{}")
    policy = add_csp(tmp_path)
    # One policy for the site: instant navigation keeps the first page's policy.
    assert _sha("var b = 2;") in policy and _sha("var c = 3;") in policy
    for page in (tmp_path / "404.html", tmp_path / "a" / "index.html"):
        assert f'content="{policy}"' in page.read_text()
    assert add_csp(tmp_path) == policy  # a second run changes nothing
    assert (tmp_path / "data.json").read_text() == "{}"
    (tmp_path / "bad.html").write_text("<p>no head</p>")
    with pytest.raises(PageWithoutHead, match=r"bad\.html: the page has no <head>") as err:
        add_csp(tmp_path)
    assert err.value.path == tmp_path / "bad.html"


def test_page_content_gets_no_hash_and_a_site_with_inline_script_in_content_is_refused(tmp_path):
    essay = PAGE.replace(
        "<body><p>text</p>", "<body><article><p>text</p><script>alert(1)</script></article>"
    )
    assert _sha("alert(1)") not in policy_for(essay)  # content is never allowed
    assert _sha("var b = 2;") in policy_for(essay)  # the template's script still is
    (tmp_path / "index.html").write_text(essay)
    with pytest.raises(InlineContent, match=r"index\.html: inline script .*<script>alert") as err:
        add_csp(tmp_path)
    assert err.value.path == tmp_path / "index.html"
    styled = PAGE.replace("<body>", "<body><article><style>p{}</style></article>")
    (tmp_path / "index.html").write_text(styled)
    with pytest.raises(InlineContent, match="<style>"):
        add_csp(tmp_path)
