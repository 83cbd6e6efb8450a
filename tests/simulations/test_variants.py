"""Every figure is drawn for phones and dark pages: legends off the data, text large
enough on a phone, colours with contrast on the dark background."""

import importlib
import warnings

import matplotlib
import numpy as np
import pytest
from matplotlib.lines import Line2D
from matplotlib.text import Text

from simulations import _style
from simulations._legends import covered, legends_of, place_legends
from simulations._palette import contrast, for_dark
from simulations.engine.outputs import figure_svg, finish

matplotlib.use("svg")

BY_KIND = {v.kind: v for v in _style.VARIANTS}


def test_every_palette_colour_has_contrast_on_the_dark_background():
    for color in (*_style.PALETTE, _style.THEORY_COLOR, "#555555", "#bbbbbb"):
        mapped = for_dark(color, _style.DARK_BACKGROUND)
        assert contrast(mapped, _style.DARK_BACKGROUND) >= 4.5, color
    # A white box becomes the page's colour rather than a bright patch.
    assert contrast(for_dark("white", _style.DARK_BACKGROUND), _style.DARK_BACKGROUND) == 1.0


def test_phone_layout_stacks_panels_but_keeps_the_shape_modules_expect():
    with _style.drawing(BY_KIND["phone.svg"]):
        fig, axes = _style.figure(2, 2, sharex=True)
        assert axes.shape == (2, 2)
        lefts = {round(ax.get_position().x0, 3) for ax in axes.ravel()}
        assert len(lefts) == 1  # one column
        fig, panels = _style.mosaic([["a", "b"], ["c", "c"]])
        assert list(panels) == ["a", "b", "c"]
        assert fig.get_figwidth() == _style.PHONE_WIDTH_IN
    fig, axes = _style.figure(1, 2)
    assert axes.shape == (2,) and fig.get_figwidth() == _style.MAX_WIDTH_IN


def _toy_with_covering_legend():
    fig, ax = _style.figure()
    x = np.linspace(0, 1, 50)
    ax.plot(x, 1 - x, label="falling")  # passes through the upper-left corner
    ax.plot(x, np.full_like(x, 0.02), label="floor")
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left")
    return fig, ax


def test_the_check_sees_a_legend_on_a_line_and_placement_frees_it():
    with _style.drawing(_style.VARIANTS[0]):
        fig, ax = _toy_with_covering_legend()
        fig.draw_without_rendering()
        assert "falling" in covered(ax, ax.get_legend())
        assert place_legends(fig) == []
        fig.draw_without_rendering()
        assert covered(ax, ax.get_legend()) == []


def _results(name):
    module = importlib.import_module(f"simulations.{name}")
    return module, module.simulate(module.PARAMS, np.random.default_rng(module.PARAMS.seed))


# The two figures whose legends covered data, and the one whose panel spans a row.
@pytest.mark.parametrize("name", ["gaussian_collapse", "tail_loss"])
def test_variants_have_legends_off_the_data_text_for_phones_and_dark_contrast(name):
    module, result = _results(name)
    for variant in _style.VARIANTS:
        with _style.drawing(variant):
            fig = module.plot(result)
            finish(fig, variant)
            fig.draw_without_rendering()
            for ax, legend in legends_of(fig):
                assert covered(ax, legend) == [], f"{variant.kind}: {ax.get_title()}"
            texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
            if variant.layout == "phone":
                assert fig.get_figwidth() == _style.PHONE_WIDTH_IN
                small = [t.get_text() for t in texts if t.get_fontsize() < 10]
                assert not small, f"{variant.kind}: text under 10 pt: {small[:3]}"
            if variant.scheme == "dark":
                for ax in fig.axes:
                    for line in ax.get_lines():
                        if isinstance(line, Line2D) and not line.get_label().startswith("_"):
                            ratio = contrast(line.get_color(), _style.DARK_BACKGROUND)
                            assert ratio >= 3, f"{variant.kind}: {line.get_label()} {ratio:.2f}"


# The figures whose phone layout once collapsed ("constrained_layout not applied"): a
# two-column legend, notes inside the axes and legends wider than a panel.
@pytest.mark.parametrize(
    "name", ["detector_base_rates", "web_share", "collapse_shapes", "detectability_limit"]
)
def test_every_variant_is_laid_out_without_a_warning(name):
    module, result = _results(name)
    for variant in _style.VARIANTS:
        with _style.drawing(variant), warnings.catch_warnings():
            warnings.simplefilter("error")  # a layout warning fails the test
            fig = module.plot(result)
            finish(fig, variant)
            figure_svg(fig)
            for ax in fig.axes:
                assert ax.bbox.width > 50 and ax.bbox.height > 50, (
                    f"{variant.kind}: {ax.get_title()!r} is {ax.bbox.width:.0f} x "
                    f"{ax.bbox.height:.0f} px"
                )


def test_phone_log_axes_are_labelled_without_superscripts():
    """matplotlib draws a 10^n exponent at 70% size: under 11 px on a phone."""
    for x, text in [
        (1e-5, "1e\u22125"),
        (1e-4, "0.0001"),
        (0.002, "0.002"),
        (1, "1"),
        (1000, "1,000"),
        (2.5e6, "2.5M"),
        (1e8, "100M"),
    ]:
        assert _style.plain_number(x) == text
    with _style.drawing(BY_KIND["phone.svg"]):
        fig, ax = _style.figure()
        ax.plot([1e-3, 1e6], [1e-5, 1])
        ax.set_xscale("log")
        ax.set_yscale("log")
        finish(fig, BY_KIND["phone.svg"])
        svg = figure_svg(fig).decode()
    assert "<tspan" not in svg, "a log tick still has a superscript exponent"
    assert ">1M<" in svg and ">0.001<" in svg
