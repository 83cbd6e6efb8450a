"""Panels tall enough to read on a phone, and text that is neither cut off nor on top of
other text.

Constrained layout keeps a figure's size and shrinks the axes to make room for what
hangs around them. In the phone layout the legends hang under their panels (there is no
room beside them), so a panel with a five-entry legend kept a third of its height.
:func:`fit_panels` grows the figure instead, until every stacked panel is at least
:data:`PHONE_AXES_MIN_IN` tall. :func:`text_problems` is the check the build reports
and the tests assert on every variant of every figure: text cut off at the figure's
edge, tick labels run together, and notes written over other text; :func:`keep_inside`
mends the commonest cut, a centred title wider than its panel.
"""

from __future__ import annotations

import itertools

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from simulations._legends import data_under

__all__ = ["PHONE_AXES_MIN_IN", "fit_panels", "keep_inside", "text_problems"]

#: Least height of one stacked panel's plotting area in the phone layout, inches
#: (about 190 CSS px on a 375 px screen: a curve's shape is still legible).
PHONE_AXES_MIN_IN = 1.9
#: Overlap allowed between two texts, in pixels at the figure's dpi (antialiasing, and
#: glyph boxes that include the empty space above and below the letters).
_SLACK_PX = 1.5


def _panels(fig: Figure) -> list[Axes]:
    """The axes laid out in the figure's grid (not insets, colour bars or twins' copies)."""
    return [ax for ax in fig.axes if ax.get_subplotspec() is not None and ax.get_visible()]


def fit_panels(fig: Figure, min_height_in: float = PHONE_AXES_MIN_IN) -> bool:
    """Make the figure taller until its shortest panel is ``min_height_in`` tall.

    Returns whether the figure's height changed (the caller then places legends again:
    a panel of another shape may leave a legend's first spot on the data).
    """
    changed = False
    for _ in range(4):  # the margins do not grow with the figure: one pass, two at most
        fig.draw_without_rendering()
        panels = _panels(fig)
        if not panels:
            return changed
        rows = panels[0].get_subplotspec().get_gridspec().nrows
        shortest = min(ax.bbox.height for ax in panels) / fig.dpi
        missing = min_height_in - shortest
        if missing <= 0.01:
            return changed
        width, height = fig.get_size_inches()
        fig.set_size_inches(width, height + missing * rows)
        changed = True
    fig.draw_without_rendering()
    return changed


def keep_inside(fig: Figure) -> None:
    """Slide panel titles and x-axis labels sideways until they are inside the figure.

    Both are centred on their panel; constrained layout makes room for them above and
    below but not beside, so a title wider than a side panel (or than a phone panel,
    which sits right of its y labels) ran past the figure's edge and was cut.
    """
    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    left, right = fig.bbox.x0 + 2 * _SLACK_PX, fig.bbox.x1 - 2 * _SLACK_PX
    for ax in fig.axes:
        for text in (ax.title, ax.xaxis.label):
            box = _extent(text, renderer)
            if box is None or ax.bbox.width <= 0:
                continue
            shift = min(0.0, right - box.x1)
            shift = max(shift, left - box.x0)
            if shift:
                x, _ = text.get_position()
                text.set_x(x + shift / ax.bbox.width)  # both are placed in axes fractions


def _extent(text: Text, renderer) -> Bbox | None:
    if not text.get_visible() or not text.get_text().strip():
        return None
    # Text's own extent: an annotation's would include its arrow, which is meant to
    # reach the data.
    box = Text.get_window_extent(text, renderer)
    return box if box.width > 0 and box.height > 0 else None


def _overlap(a: Bbox, b: Bbox) -> bool:
    return (
        min(a.x1, b.x1) - max(a.x0, b.x0) > _SLACK_PX
        and min(a.y1, b.y1) - max(a.y0, b.y0) > _SLACK_PX
    )


def _tick_labels(axis, renderer) -> list[tuple[str, Bbox]]:
    """The tick labels matplotlib draws, major and minor.

    ``Axis._update_ticks`` is what ``Axis.draw`` itself asks (private, but the only
    answer: the public tick lists keep spare ticks with stale labels, and ticks outside
    the view).
    """
    out = []
    for tick in axis._update_ticks():
        for label in (tick.label1, tick.label2):
            box = _extent(label, renderer)
            if box is not None:
                out.append((label.get_text(), box))
    return out


def _drawn_texts(fig: Figure, renderer):
    """Every text matplotlib draws: not the tick labels of ticks outside the view."""
    texts = list(fig.texts)
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for axis in (ax.xaxis, ax.yaxis):
            yield from _tick_labels(axis, renderer)
            texts += [axis.label, axis.offsetText]
        texts += [ax.title, ax._left_title, ax._right_title, *ax.texts]
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            texts += [legend.get_title(), *legend.get_texts()]
    for text in texts:
        box = _extent(text, renderer)
        if box is not None:
            yield text.get_text(), box


def _on_a_label_box(text: Text) -> bool:
    """Whether the text has an opaque box under it (``_style.LABEL_BOX``): on a line on
    purpose, and legible there."""
    box = text.get_bbox_patch()
    return box is not None and box.get_facecolor()[3] * (box.get_alpha() or 1) >= 0.5


def _name(ax: Axes) -> str:
    return repr(ax.get_title() or ax.get_label() or "a panel")


def text_problems(fig: Figure) -> list[str]:
    """Where the figure's text is cut off or written over other text; empty when none.

    Checked: every text (titles, axis labels, tick labels, notes, legend entries) lies
    inside the figure; the tick labels of one axis do not touch; a note inside a panel
    touches no other note, no tick label and no legend, and lies on no plotted data
    unless it sits on a label box (``_style.LABEL_BOX``).
    """
    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    frame = fig.bbox.padded(_SLACK_PX)
    problems = []
    for label, box in _drawn_texts(fig, renderer):
        if not (frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)):
            problems.append(f"{label!r} is cut off at the figure's edge")
    for ax in fig.axes:
        ticks = []
        for axis in (ax.xaxis, ax.yaxis):
            labels = _tick_labels(axis, renderer)
            ticks += labels
            for (a, box_a), (b, box_b) in itertools.combinations(labels, 2):
                if _overlap(box_a, box_b):
                    problems.append(f"{_name(ax)}: tick labels {a!r} and {b!r} run together")
        notes = [(t.get_text(), box) for t in ax.texts if (box := _extent(t, renderer))]
        for (a, box_a), (b, box_b) in itertools.combinations(notes, 2):
            if _overlap(box_a, box_b):
                problems.append(f"{_name(ax)}: notes {a!r} and {b!r} are written over each other")
        for text in ax.texts:
            if (box := _extent(text, renderer)) is None or _on_a_label_box(text):
                continue
            # A glyph box has margins around the letters: only its middle counts.
            inner = box.padded(-0.05 * box.width, -0.15 * box.height)
            under = data_under(ax, inner, renderer)
            if under:
                note = text.get_text()
                problems.append(f"{_name(ax)}: note {note!r} is written over {under[0]!r}")
        legend = ax.get_legend()
        others = list(ticks)
        if legend is not None and legend.get_visible():
            others.append(("the legend", legend.get_window_extent(renderer)))
        for (a, box_a), (b, box_b) in itertools.product(notes, others):
            if _overlap(box_a, box_b):
                problems.append(f"{_name(ax)}: note {a!r} is written over {b!r}")
    return problems
