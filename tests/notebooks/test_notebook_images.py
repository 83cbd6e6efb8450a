"""Notebook figures: one image per figure, SVG with text unless PNG is lighter; files, not base64."""

from __future__ import annotations

import base64

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from publishing.notebook_figures import PNG_SCALE, figure_alt, figure_output
from publishing.notebook_images import externalize, image_size, output_metadata

matplotlib.use("agg")


def _line_figure() -> Figure:
    fig = Figure(figsize=(6.4, 4))
    ax, bx = fig.subplots(1, 2)
    ax.plot([0, 1, 2], [1, 0, 1])
    ax.set_title("(a) a line")
    bx.plot([0, 1], [0, 1])
    bx.set_title("(b) another")
    return fig


def _dense_scatter() -> Figure:
    fig = Figure(figsize=(3, 2))
    rng = np.random.default_rng(0)
    fig.subplots().scatter(rng.random(40_000), rng.random(40_000), s=1)
    return fig


def test_a_line_plot_is_svg_with_its_text_as_text_and_a_css_size():
    mime, data, meta = figure_output(_line_figure())
    assert mime == "image/svg+xml"
    assert b"<text" in data and b"(a) a line" in data  # text kept as text, findable
    assert b"<dc:date" not in data  # reproducible bytes
    assert meta["alt"] == "Figure: (a) a line; (b) another"
    assert 500 < meta["width"] < 700 and 0 < meta["height"] < meta["width"]


def test_svg_bytes_are_reproducible():
    assert figure_output(_line_figure())[1] == figure_output(_line_figure())[1]


def test_a_dense_scatter_is_png_at_twice_its_displayed_size():
    mime, data, meta = figure_output(_dense_scatter())
    assert mime == "image/png", "40,000 markers in SVG must be heavier than the PNG"
    pixels = image_size("image/png", data)
    assert abs(pixels[0] - meta["width"] * PNG_SCALE) <= 1
    assert abs(pixels[1] - meta["height"] * PNG_SCALE) <= 1


def test_a_figure_without_titles_still_has_a_text_alternative():
    fig = Figure()
    fig.subplots().plot([0, 1])
    assert figure_alt(fig) == "Figure"
    fig.suptitle("Overall")
    assert figure_alt(fig) == "Figure: Overall"


def _page(*imgs: str) -> str:
    return "<main>" + "".join(f'<div class="jp-RenderedImage">{i}</div>' for i in imgs) + "</main>"


def test_base64_images_become_files_with_size_alt_and_lazy_loading():
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAYAAAC09K7GAAAADklEQVR4nGNgYGD4jwMDAEHqAfwz5Ll0AAAAAElFTkSuQmCC"
    )
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="72pt" height="36pt"><text>x</text></svg>'
    b64png = base64.b64encode(png).decode()
    b64svg = base64.b64encode(svg).decode()
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "outputs": [
                    {
                        "output_type": "display_data",
                        "data": {"image/svg+xml": svg.decode().splitlines(keepends=True)},
                        "metadata": {
                            "image/svg+xml": {"width": 100, "height": 50, "alt": "F: a<b"}
                        },
                    }
                ],
            }
        ]
    }
    html, files = externalize(
        _page(
            f'<img alt="No description has been provided for this image" src="data:image/svg+xml;base64,{b64svg}">',
            f'<img src="data:image/png;base64,{b64png}"\nwidth=4\nclass="">',
            f'<img src="data:image/svg+xml;base64,{b64svg}">',
        ),
        "nb",
        output_metadata(nb),
    )
    assert "data:" not in html
    assert [(f.name, f.data) for f in files] == [("nb-1.svg", svg), ("nb-2.png", png)]
    assert html.count('src="nb-1.svg" width="100" height="50" alt="F: a&lt;b"') == 2
    assert '<img src="nb-2.png" width="4" height="3" alt="Figure" loading="lazy"' in html
    assert html.count('loading="lazy" decoding="async"') == 3


def test_an_svg_without_metadata_is_sized_from_its_points():
    assert image_size("image/svg+xml", b'<svg width="72pt" height="36pt">') == (96, 48)
    assert image_size("image/svg+xml", b'<svg width="10" height="20">') == (10, 20)
    assert image_size("image/png", b"not a png") is None


def test_pages_without_base64_images_are_unchanged():
    page = _page('<img src="../../assets/logo.svg" alt="logo">')
    assert externalize(page, "nb") == (page, [])
