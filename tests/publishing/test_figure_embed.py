"""Figure lines become numbered figures; bad names and bad alt text fail with page and line."""

import re

import pytest

from publishing import SourceError, embed_figures
from publishing.figure_embed import relative_base, svg_pixel_size


def _record(alt="A falling curve beside its closed form, both reaching zero."):
    return {
        "meta": {"title": "Decay", "caption": "A caption.", "alt": alt, "essay": "essays/x.md"},
        "params": {"seed": 3, "n": 20},
        "versions": {"python": "3.11.7", "numpy": "2.4.6", "matplotlib": "3.11.2"},
        "svg_sha256": "ab" * 32,
    }


REG = {"decay": _record(), "growth": _record()}


def _embed(md, registry=REG):
    return embed_figures(
        md,
        page="docs/p.md",
        line_offset=8,
        registry=registry,
        base="../../",
        repo_url="https://example.org/r",
    )


def test_figures_are_numbered_in_order_and_escaped():
    out, names = _embed("text\n\n[[figure: decay]]\n\nmore\n\n[[figure:growth]]\n")
    assert names == ["decay", "growth"]
    assert "Figure 1.</span> <strong>Decay.</strong>" in out
    assert "Figure 2." in out
    assert 'src="../../figures/decay.svg"' in out
    assert 'href="../../figures/decay.prov.json"' in out and 'href="../../figures/decay.csv"' in out
    assert "<code>&quot;seed&quot;</code>" not in out  # keys are not JSON-quoted
    assert "<code>3</code>" in out


def test_lines_in_code_are_left_alone():
    md = "```\n[[figure: nope]]\n```\n"
    assert _embed(md) == (md, [])


def test_unknown_figure_names_page_line_and_suggestion():
    with pytest.raises(SourceError) as info:
        _embed("one\ntwo\n[[figure: decy]]\n")
    assert str(info.value).startswith("docs/p.md:11: unknown figure 'decy'")
    assert "did you mean decay?" in str(info.value)


@pytest.mark.parametrize("alt", ["", "   ", "decay", "decay.svg", "figure.png", "short"])
def test_missing_or_useless_alt_text_fails(alt):
    with pytest.raises(SourceError) as info:
        _embed("[[figure: decay]]\n", {"decay": _record(alt)})
    msg = str(info.value)
    assert msg.startswith("docs/p.md:9: figure 'decay'")
    assert "META.alt in simulations/decay.py" in msg


def test_alt_text_is_escaped():
    out, _ = _embed(
        "[[figure: decay]]\n", {"decay": _record('Curve "rising" <fast> & steady over time.')}
    )
    assert 'alt="Curve &quot;rising&quot; &lt;fast&gt; &amp; steady over time."' in out


def test_relative_base():
    assert relative_base("") == ""
    assert relative_base("essays/x/") == "../../"
    assert relative_base("about/") == "../"
    assert relative_base("404.html") == ""


def test_svg_pixel_size():
    assert svg_pixel_size(b'<svg xmlns="x" width="460.8pt" height="288pt" viewBox="0 0 1 1">') == (
        614,
        384,
    )
    assert svg_pixel_size(b"<svg>") is None


def test_the_reproduce_box_is_inside_the_caption_the_last_child_of_the_figure():
    # HTML allows a <figcaption> only as a figure's first or last child.
    out, _ = _embed("[[figure: decay]]\n")
    figure = out[out.index("<figure") : out.index("</figure>")]
    caption = figure[figure.index("<figcaption>") : figure.index("</figcaption>")]
    assert caption.count('<details class="kb-reproduce">') == 1
    assert figure.rstrip().endswith("</figcaption>")


def test_a_figure_name_that_is_a_path_is_only_an_unknown_name():
    # Names are looked up in the runner's index, never joined to a folder.
    with pytest.raises(SourceError, match=r"docs/p\.md:9: unknown figure '\.\./\.\./etc/passwd'"):
        _embed("[[figure: ../../etc/passwd]]\n")


def test_caption_shows_its_first_sentence_and_keeps_the_rest_one_tap_away():
    from publishing.figure_embed import split_caption

    assert split_caption("One (Smith et al. 2024). Two. Three.") == (
        "One (Smith et al. 2024).",
        "Two. Three.",
    )
    assert split_caption("Values as in e.g. Table 2 hold. Then more.") == (
        "Values as in e.g. Table 2 hold.",
        "Then more.",
    )
    assert split_caption("By J. Doe. (a) Panel.") == ("By J. Doe.", "(a) Panel.")
    assert split_caption("Short\nsummary.\n\nLong part. More.") == (
        "Short summary.",
        "Long part. More.",
    )
    assert split_caption("Only one sentence.") == ("Only one sentence.", "")


def _variant_record():
    record = _record()
    record["meta"]["caption"] = "What is drawn. The assumptions, at length."
    record["variants"] = {
        "svg": [600, 400],
        "dark.svg": [600, 400],
        "phone.svg": [336, 900],
        "phone.dark.svg": [336, 900],
    }
    return record


def test_each_palette_is_a_picture_with_a_phone_source_inside_a_full_size_link():
    out, _ = _embed("[[figure: decay]]", {"decay": _variant_record()})
    light = re.search(r'<a class="kb-figure-view kb-figure-light" href="([^"]+)">(.*?)</a>', out)
    dark = re.search(r'<a class="kb-figure-view kb-figure-dark" href="([^"]+)">(.*?)</a>', out)
    assert light and dark
    assert light.group(1) == "../../figures/decay.svg"
    assert dark.group(1) == "../../figures/decay.dark.svg"
    assert (
        '<source media="(max-width: 599px)" srcset="../../figures/decay.phone.svg" '
        'width="336" height="900">' in light.group(2)
    )
    assert 'srcset="../../figures/decay.phone.dark.svg"' in dark.group(2)
    assert '<img src="../../figures/decay.svg"' in light.group(2)
    assert 'width="600" height="400"' in light.group(2)
    assert '<img src="../../figures/decay.dark.svg"' in dark.group(2)


def test_the_rest_of_the_caption_is_a_disclosure_inside_the_figcaption():
    out, _ = _embed("[[figure: decay]]", {"decay": _variant_record()})
    caption = re.search(r"<figcaption>(.*?)</figcaption>", out, re.DOTALL).group(1)
    assert "<strong>Decay.</strong> What is drawn." in caption
    more = re.search(r'<details class="kb-figure-more">(.*?)</details>', caption, re.DOTALL)
    assert more and "The assumptions, at length." in more.group(1)
    assert "The assumptions" not in caption[: caption.index("<details")]


def test_a_record_without_variants_shows_the_single_svg():
    out, _ = _embed("[[figure: decay]]")
    assert "kb-figure-dark" not in out and "<source" not in out
    assert '<img src="../../figures/decay.svg"' in out
    assert '<details class="kb-figure-more">' not in out  # one sentence: nothing hidden
