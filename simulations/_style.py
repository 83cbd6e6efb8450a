"""The one plotting style shared by every figure.

Why these choices:
- Okabe–Ito colours are distinguishable under the common colour-vision deficiencies.
- Theory is always a dashed dark line, simulation a solid coloured line with markers or a
  band, so a legend can tell them apart even in greyscale.
- Figures are at most 6.4 in wide with 12 pt text, so that scaled to a 375 px phone
  screen the text stays about 10 px high.
- Figures have an opaque white background; the site frames them as light cards in the
  dark palette too, which keeps every colour's contrast the same in both palettes.
- DejaVu Sans is bundled with matplotlib, so the SVG (text as paths) is the same on
  every machine.
"""

from __future__ import annotations

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

#: rcParams applied by the runner around every plot() and savefig.
RC = {
    "font.family": "DejaVu Sans",
    "font.size": 12,
    "axes.titlesize": 12,
    "axes.labelsize": 12,
    "legend.fontsize": 10.5,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "axes.prop_cycle": __import__("cycler").cycler(color=list(PALETTE)),
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
    "svg.fonttype": "path",
    "svg.hashsalt": "collapse-provenance",
    "path.simplify": True,
}

MAX_WIDTH_IN = 6.4


def figure(
    nrows: int = 1, ncols: int = 1, height: float | None = None, **kw
) -> tuple[Figure, object]:
    """A new figure (object API, constrained layout) and its axes, sized for phones too.

    Args:
        nrows, ncols: the panel grid; prefer at most two columns.
        height: inches; defaults to 4 per row (3.4 per row beyond one row).
        **kw: passed to ``Figure.subplots`` (e.g. ``sharex=True``).
    """
    if height is None:
        height = 4.0 if nrows == 1 else 3.4 * nrows
    fig = Figure(figsize=(MAX_WIDTH_IN, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=True, **kw)
    return fig, axes


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
