"""Phone panels keep their height, and no figure's text is cut off or written over other
text: the checks on toy figures, then on every variant of every figure the site draws."""

import importlib

import matplotlib
import numpy as np
import pytest

from simulations import _style
from simulations._layout import PHONE_AXES_MIN_IN, fit_panels, keep_inside, text_problems
from simulations._legends import place_legends
from simulations.engine.outputs import finish
from simulations.engine.runner import figure_names

matplotlib.use("svg")

BY_KIND = {v.kind: v for v in _style.VARIANTS}


def _panel_heights_in(fig):
    fig.draw_without_rendering()
    return [ax.bbox.height / fig.dpi for ax in fig.axes]


def test_a_legend_hung_under_a_phone_panel_grows_the_figure_not_squashes_the_panel():
    with _style.drawing(BY_KIND["phone.svg"]):
        fig, axes = _style.figure(2, 1)
        for ax in axes:
            for i in range(7):
                ax.plot([0, 1], [i, i + 1], label=f"a series with a long name {i}")
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2))
        place_legends(fig, phone=True)
        before = fig.get_figheight()
        assert min(_panel_heights_in(fig)) < PHONE_AXES_MIN_IN  # the squeeze being mended
        assert fit_panels(fig) is True
        assert min(_panel_heights_in(fig)) >= PHONE_AXES_MIN_IN - 0.01
        assert fig.get_figheight() > before
        assert fit_panels(fig) is False  # already tall enough: nothing changes


def test_a_title_wider_than_its_side_panel_is_cut_off_then_slid_inside():
    with _style.drawing(BY_KIND["svg"]):
        fig, (left, right) = _style.figure(1, 2)
        right.set_title("(b) a title much wider than the right-hand panel it names")
        left.plot([0, 1], [0, 1])
        assert any("cut off" in p for p in text_problems(fig))
        keep_inside(fig)
        assert text_problems(fig) == []
        fig.draw_without_rendering()
        box = right.title.get_window_extent()
        assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1


def test_tick_labels_that_run_together_and_notes_on_notes_are_found():
    with _style.drawing(BY_KIND["phone.svg"]):
        fig, ax = _style.figure()
        ax.set_xlim(0, 1)
        ticks = np.linspace(0, 1, 12)
        ax.set_xticks(ticks, [f"{t:.4f}" for t in ticks])
        ax.text(0.5, 0.5, "a note", transform=ax.transAxes)
        ax.text(0.5, 0.5, "another note", transform=ax.transAxes)
        problems = text_problems(fig)
    assert any("run together" in p for p in problems), problems
    assert any("'a note' and 'another note' are written over each other" in p for p in problems)


def test_a_note_on_a_line_is_found_unless_it_sits_on_a_label_box():
    with _style.drawing(BY_KIND["svg"]):
        fig, ax = _style.figure()
        ax.plot([0, 1], [0, 1], label="rising")
        ax.text(0.5, 0.5, "on the line", ha="center", va="center")
        assert "'on the line' is written over 'rising'" in " ".join(text_problems(fig))
        ax.texts[0].set_bbox(_style.LABEL_BOX)
        assert text_problems(fig) == []


def test_a_clean_figure_has_no_problems_and_ticks_outside_the_view_do_not_count():
    with _style.drawing(BY_KIND["phone.svg"]):
        fig, ax = _style.figure()
        ax.plot([0, 10], [0, 1], label="line")
        ax.set_xlim(2, 8)  # the locator also makes ticks at 0 and 10, which are not drawn
        ax.legend()
        assert finish(fig, BY_KIND["phone.svg"]) == []


@pytest.fixture(scope="module")
def results():
    """Each figure's simulation, run once for the module (about 12 s for all)."""
    out = {}
    for name in figure_names():
        module = importlib.import_module(f"simulations.{name}")
        out[name] = (
            module,
            module.simulate(module.PARAMS, np.random.default_rng(module.PARAMS.seed)),
        )
    return out


# The dark variants share their light twins' layout: the palette changes, no text moves.
@pytest.mark.parametrize("kind", ["svg", "phone.svg"])
@pytest.mark.parametrize("name", figure_names())
def test_every_figure_is_laid_out_cleanly(results, name, kind):
    module, result = results[name]
    variant = BY_KIND[kind]
    with _style.drawing(variant):
        fig = module.plot(result)
        assert finish(fig, variant) == []
        if variant.layout == "phone":
            short = [h for h in _panel_heights_in(fig) if h < PHONE_AXES_MIN_IN - 0.01]
            assert not short, f"{name}: phone panels {short} in tall"
