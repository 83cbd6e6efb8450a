"""The one plotting style shared by every figure, and the variants each is drawn in.

Why these choices:
- Okabe–Ito colours are distinguishable under the common colour-vision deficiencies.
- Theory is always a dashed dark line, simulation a solid coloured line with markers or a
  band, so a legend can tell them apart even in greyscale.
- Every figure is drawn four times from one simulation result: wide and phone layouts,
  each for a light and a dark page (:data:`VARIANTS`). The wide layout is at most 6.4 in
  wide; the phone layout stacks the panels one per row, 3.5 in wide, with text of at
  least 10 pt, so shown about 325 px wide on a 375 px screen its text is over 12 px tall.
- Text stays text (``svg.fonttype: none``): selectable, found by the browser's search,
  and a fraction of the bytes of glyph outlines. Layout is measured with DejaVu Sans
  (bundled with matplotlib, so the bytes are the same on every machine); the SVG names
  Verdana, a close metric match, and the reader's sans-serif as fallbacks.
- Each palette has an opaque background of its own: white for light pages, the dark
  page's colour for dark ones, where colours are lightened (:mod:`simulations._palette`)
  until every line has at least 3:1 contrast with the background.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure

#: Okabe & Ito (2008) colour-blind-safe palette, in drawing order.
PALETTE = (
    "#0072B2",  # blue
    "#D55E00",  # vermilion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow (use last: low contrast on white)
)
THEORY_COLOR = "#222222"
#: The background of dark figures: Material's dark ("slate") page colour.
DARK_BACKGROUND = "#1e2129"
#: A label written on a line on purpose (an inline series label, a value beside its
#: marker) sits on a small box of the page's colour, so the line under it does not cross
#: its letters (``ax.text(..., bbox=_style.LABEL_BOX)``). The layout check accepts text
#: on data only with such a box; the dark palette turns the white into the dark page's.
#: (The alpha is in the colour: a patch's own alpha would also apply to the edge the dark
#: palette maps, and draw the box's outline.)
LABEL_BOX = {"boxstyle": "square,pad=0.1", "facecolor": (1, 1, 1, 0.85), "edgecolor": "none"}

#: rcParams applied by the runner around every plot() and savefig.
RC = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Verdana", "Arial", "Helvetica", "sans-serif"],
    "font.size": 12,
    "axes.titlesize": 12,
    "axes.labelsize": 12,
    "legend.fontsize": 10.5,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "axes.prop_cycle": cycler(color=list(PALETTE)),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "lines.linewidth": 2.0,
    "lines.markersize": 5,
    "legend.frameon": False,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.fonttype": "none",
    "svg.hashsalt": "collapse-provenance",
    "path.simplify": True,
}

#: What changes for a dark page (explicit colours are mapped by simulations._palette).
DARK_RC = {
    "figure.facecolor": DARK_BACKGROUND,
    "axes.facecolor": DARK_BACKGROUND,
    "savefig.facecolor": DARK_BACKGROUND,
    "text.color": "#e6e8eb",
    "axes.labelcolor": "#e6e8eb",
    "axes.titlecolor": "#e6e8eb",
    "axes.edgecolor": "#9aa3ad",
    "xtick.color": "#c5cbd2",
    "ytick.color": "#c5cbd2",
    "grid.color": "#363b47",
}

MAX_WIDTH_IN = 6.4
PHONE_WIDTH_IN = 3.5
#: Smallest text in the phone layout, in points (1 pt of the SVG is ~1.3 px on a phone).
PHONE_MIN_FONT_PT = 10.0
#: Height of one stacked panel in the phone layout, inches.
PHONE_PANEL_IN = 2.9

#: What changes in the phone layout: sizes relative to a figure about half as wide.
PHONE_RC = {
    "font.size": 10.5,
    "axes.titlesize": 10.5,
    "axes.labelsize": 10.5,
    "legend.fontsize": PHONE_MIN_FONT_PT,
    "xtick.labelsize": PHONE_MIN_FONT_PT,
    "ytick.labelsize": PHONE_MIN_FONT_PT,
    "lines.linewidth": 1.6,
    "lines.markersize": 4,
}


@dataclass(frozen=True)
class Variant:
    """One way of drawing a figure.

    Attributes:
        kind: the output's kind in the runner's index; its file is ``{name}.{kind}``.
        layout: ``"wide"`` or ``"phone"`` (panels stacked one per row).
        scheme: ``"light"`` or ``"dark"``, the page palette it is drawn for.
    """

    kind: str
    layout: str
    scheme: str


#: Every variant, the light wide one first: it is the figure of record (its CSV, its
#: PDF and archive editions, its links in page metadata).
VARIANTS = (
    Variant("svg", "wide", "light"),
    Variant("dark.svg", "wide", "dark"),
    Variant("phone.svg", "phone", "light"),
    Variant("phone.dark.svg", "phone", "dark"),
)

_current = VARIANTS[0]


def current() -> Variant:
    """The variant being drawn (the light wide one outside :func:`drawing`)."""
    return _current


@contextlib.contextmanager
def drawing(variant: Variant) -> Iterator[None]:
    """Draw in ``variant``: its rcParams, and its layout for :func:`figure` and :func:`mosaic`."""
    import matplotlib

    global _current
    rc = dict(RC)
    if variant.layout == "phone":
        rc.update(PHONE_RC)
    if variant.scheme == "dark":
        rc.update(DARK_RC)
    previous, _current = _current, variant
    try:
        with matplotlib.rc_context(rc):
            yield
    finally:
        _current = previous


def _phone() -> bool:
    return _current.layout == "phone"


def figure(
    nrows: int = 1, ncols: int = 1, height: float | None = None, **kw
) -> tuple[Figure, object]:
    """A new figure (object API, constrained layout) and its axes, in the current layout.

    In the phone layout the panels are stacked one per row, in reading order (left to
    right, then down), and the axes come back in the shape asked for, so a module's code
    is the same for both layouts.

    Args:
        nrows, ncols: the panel grid; prefer at most two columns.
        height: inches in the wide layout; defaults to 4 per row (3.4 per row beyond one
            row). The phone layout gives every panel the same height.
        **kw: passed to ``Figure.subplots`` (e.g. ``sharex=True``).
    """
    if not _phone():
        if height is None:
            height = 4.0 if nrows == 1 else 3.4 * nrows
        fig = Figure(figsize=(MAX_WIDTH_IN, height), layout="constrained")
        return fig, fig.subplots(nrows, ncols, squeeze=True, **kw)
    count = nrows * ncols
    fig = Figure(figsize=(PHONE_WIDTH_IN, PHONE_PANEL_IN * count), layout="constrained")
    stacked = np.atleast_1d(fig.subplots(count, 1, squeeze=True, **kw))
    if kw.get("sharex"):
        # A shared x axis still gets its numbers under every panel: the panel above is a
        # screen away on a phone.
        for ax in stacked:
            ax.xaxis.set_tick_params(labelbottom=True)
    if count == 1:
        return fig, stacked[0]
    if nrows > 1 and ncols > 1:
        return fig, stacked.reshape(nrows, ncols)
    return fig, stacked


def mosaic(layout: Sequence[Sequence[str]], height: float | None = None) -> tuple[Figure, dict]:
    """A figure whose panels may span rows or columns (``Figure.subplot_mosaic``).

    Args:
        layout: rows of panel labels, e.g. ``[["a", "b"], ["c", "c"]]`` for two panels
            over one wide one.
        height: inches in the wide layout (default 3.4 per row).

    Returns:
        The figure and label -> axes. The phone layout stacks the panels one per row in
        the order they first appear.
    """
    if not _phone():
        height = 3.4 * len(layout) if height is None else height
        fig = Figure(figsize=(MAX_WIDTH_IN, height), layout="constrained")
        return fig, fig.subplot_mosaic([list(row) for row in layout])
    order = list(dict.fromkeys(label for row in layout for label in row))
    fig = Figure(figsize=(PHONE_WIDTH_IN, PHONE_PANEL_IN * len(order)), layout="constrained")
    return fig, fig.subplot_mosaic([[label] for label in order])


def plain_number(x: float) -> str:
    """A tick value in plain digits, short: 0.001, 20, 1,000, 10k, 2.5M, 1e−5.

    The phone layout's log-axis ticks use these instead of 10 with a superscript
    exponent: matplotlib draws the exponent at 70% of the label's size, too small to read
    on a phone (under 11 px at 375 px).
    """
    if x == 0:
        return "0"
    size = abs(x)
    if size >= 1e4:
        for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
            if size >= scale:
                return f"{x / scale:.3g}{suffix}"
    if size >= 1:
        return f"{x:,.3g}" if size < 1000 else f"{x:,.0f}"
    if size >= 1e-4:
        return f"{x:.3g}" if "e" not in f"{x:.3g}" else f"{x:.6f}".rstrip("0")
    mantissa, exponent = f"{x:.2g}".split("e")
    return f"{mantissa}e{int(exponent)}".replace("-", "\u2212")


def plain_log_ticks(fig: Figure) -> None:
    """Label every log axis of ``fig`` in plain numbers (:func:`plain_number`).

    Only axes still using matplotlib's default log labels (``10^n``) are changed; a
    module's own formatter is kept.
    """
    from matplotlib.ticker import LogFormatter, LogFormatterMathtext

    class _Plain(LogFormatter):
        def _num_to_string(self, x, vmin, vmax):
            return plain_number(x)

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if axis.get_scale() != "log":
                continue
            if isinstance(axis.get_major_formatter(), LogFormatterMathtext):
                axis.set_major_formatter(_Plain(base=axis.get_transform().base))
            minor = axis.get_minor_formatter()
            if isinstance(minor, LogFormatterMathtext):
                axis.set_minor_formatter(
                    _Plain(
                        base=axis.get_transform().base,
                        labelOnlyBase=minor.labelOnlyBase,
                        minor_thresholds=minor.minor_thresholds,
                    )
                )


def texts_out_of_layout(fig: Figure) -> None:
    """Leave the annotations and notes inside each axes out of constrained layout.

    They are placed in data or axes coordinates, inside the panel. In the narrow phone
    layout, a note as wide as the panel makes constrained layout shrink the axes to fit
    it, which makes the note wider still than the axes, until the axes collapse to zero
    ("constrained_layout not applied") and the figure is drawn unlaid-out.
    """
    for ax in fig.axes:
        for text in ax.texts:
            text.set_in_layout(False)


def theory(ax: Axes, x, y, label: str = "theory (closed form)", **kw):
    """Draw a closed-form curve: dashed, dark, on top of the simulated data."""
    kw.setdefault("color", THEORY_COLOR)
    kw.setdefault("linestyle", "--")
    kw.setdefault("linewidth", 1.6)
    kw.setdefault("zorder", 5)
    return ax.plot(x, y, label=label, **kw)


def simulated(ax: Axes, x, y, label: str = "simulated", **kw):
    """Draw a simulated series: solid, coloured, with markers where points are sparse."""
    if len(x) <= 40:
        kw.setdefault("marker", "o")
    return ax.plot(x, y, label=label, **kw)


def band(ax: Axes, x, lo, hi, label: str | None = None, **kw):
    """Shade an interval (e.g. the middle 80% of replicates) behind a simulated line."""
    kw.setdefault("alpha", 0.2)
    kw.setdefault("linewidth", 0)
    coll = ax.fill_between(x, lo, hi, label=label, **kw)
    # Keep the arrays so the CSV export writes the band exactly as given.
    coll._kb_band = (x, lo, hi)
    return coll
