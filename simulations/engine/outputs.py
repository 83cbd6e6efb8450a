"""Turn a finished matplotlib Figure into published bytes: SVG and the CSV of its data.

The CSV is read back from the artists on the figure rather than declared separately,
so it is exactly what was plotted and cannot drift from the picture. Columns are
``panel``, ``series``, then one column per distinct axis label (labels carry units),
so every row fills the x and y columns of its own panel.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.figure import Figure


class FigureDataError(ValueError):
    """The figure's plotted data breaks a rule (non-finite values, missing labels)."""


@dataclass
class _Series:
    panel: str
    label: str
    xlabel: str
    ylabel: str
    x: np.ndarray
    y: np.ndarray


@dataclass
class _Panel:
    title: str
    xlabel: str
    ylabel: str
    series: list[_Series] = field(default_factory=list)


def _floats(values) -> np.ndarray:
    arr = np.ma.filled(np.ma.asarray(values, dtype=float), np.nan)
    return np.asarray(arr, dtype=float).ravel()


def _axis_label(ax: Axes, which: str) -> str:
    """The axis label, or that of an axis it shares (shared axes often label one panel)."""
    own = (ax.get_xlabel() if which == "x" else ax.get_ylabel()).strip()
    if own:
        return own
    group = ax.get_shared_x_axes() if which == "x" else ax.get_shared_y_axes()
    for sibling in group.get_siblings(ax):
        text = (sibling.get_xlabel() if which == "x" else sibling.get_ylabel()).strip()
        if text:
            return text
    return ""


def _panel_series(ax: Axes, index: int) -> _Panel:
    title = ax.get_title() or ax.get_title("left") or f"panel {index + 1}"
    panel = _Panel(title, _axis_label(ax, "x"), _axis_label(ax, "y"))
    handled: set[int] = set()

    def add(label: str, x, y) -> None:
        panel.series.append(
            _Series(title, label, panel.xlabel, panel.ylabel, _floats(x), _floats(y))
        )

    for container in ax.containers:
        label = container.get_label() or ""
        if isinstance(container, ErrorbarContainer):
            data_line, caps, bar_lines = container.lines
            handled.update(id(cap) for cap in caps)  # caps are drawn from the error bars
            if data_line is not None:
                handled.add(id(data_line))
                add(label, data_line.get_xdata(), data_line.get_ydata())
            for bars in bar_lines:
                handled.add(id(bars))
                segs = bars.get_segments()
                if segs and not container.has_xerr:
                    xs = [s[0][0] for s in segs]
                    add(f"{label} (error bar low)", xs, [min(s[0][1], s[1][1]) for s in segs])
                    add(f"{label} (error bar high)", xs, [max(s[0][1], s[1][1]) for s in segs])
        elif isinstance(container, BarContainer):
            xs, hs = [], []
            for patch in container.patches:
                handled.add(id(patch))
                xs.append(patch.get_x() + patch.get_width() / 2)
                hs.append(patch.get_height())
            add(label, xs, hs)

    for line in ax.get_lines():
        if id(line) in handled:
            continue
        label = line.get_label()
        x, y = line.get_xdata(), line.get_ydata()
        if label.startswith("_"):
            if len(np.atleast_1d(x)) > 2:  # decorations (axhline, axvline) have two points
                raise FigureDataError(
                    f"panel '{title}': a plotted line has no label; give every data series a "
                    "label= (it names the series in the legend and in the CSV)"
                )
            continue
        add(label, x, y)

    for coll in ax.collections:
        if id(coll) in handled:
            continue
        band = getattr(coll, "_kb_band", None)
        label = coll.get_label()
        if band is not None:
            x, lo, hi = band
            name = label if not label.startswith("_") else "band"
            add(f"{name} (lower)", x, lo)
            add(f"{name} (upper)", x, hi)
        elif isinstance(coll, PathCollection) and not label.startswith("_"):
            offsets = np.asarray(coll.get_offsets())
            add(label, offsets[:, 0], offsets[:, 1])
        elif isinstance(coll, LineCollection) and not label.startswith("_"):
            raise FigureDataError(
                f"panel '{title}': draw '{label}' with ax.plot, not a LineCollection"
            )
        elif not label.startswith("_"):
            raise FigureDataError(
                f"panel '{title}': series '{label}' is drawn with an artist the CSV export does "
                "not read; use _style.simulated/_style.theory/_style.band or ax.scatter"
            )
    return panel


def figure_table(fig: Figure) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the CSV for everything plotted on ``fig``.

    Raises:
        FigureDataError: a series contains NaN or inf, an axis with data has no label,
            or a data series has no label.
    """
    panels = [_panel_series(ax, i) for i, ax in enumerate(fig.axes) if ax.get_visible()]
    panels = [p for p in panels if p.series]
    if not panels:
        raise FigureDataError("the figure has no plotted data series")
    columns: list[str] = []
    for p in panels:
        for axis, text in (("x", p.xlabel), ("y", p.ylabel)):
            if not text:
                raise FigureDataError(
                    f"panel '{p.title}': the {axis} axis has no label; label it with its "
                    "quantity and unit, e.g. 'generation t' or 'variance σ² (ratio)'"
                )
        for text in (p.xlabel, p.ylabel):
            if text not in columns:
                columns.append(text)
    header = ["panel", "series", *columns]
    rows: list[list[str]] = []
    for p in panels:
        xi, yi = 2 + columns.index(p.xlabel), 2 + columns.index(p.ylabel)
        for s in p.series:
            if len(s.x) != len(s.y):
                raise FigureDataError(
                    f"panel '{p.title}', series '{s.label}': x and y differ in length"
                )
            bad = ~(np.isfinite(s.x) & np.isfinite(s.y))
            if bad.any():
                i = int(np.argmax(bad))
                raise FigureDataError(
                    f"panel '{p.title}', series '{s.label}': non-finite value at point {i} "
                    f"(x={s.x[i]!r}, y={s.y[i]!r}); mask or drop it before plotting"
                )
            for xv, yv in zip(s.x.tolist(), s.y.tolist(), strict=True):
                row = ["", ""] + [""] * len(columns)
                row[0], row[1] = p.title, s.label
                row[xi], row[yi] = repr(xv), repr(yv)
                rows.append(row)
    return header, rows


def figure_csv(fig: Figure) -> str:
    """The CSV text (header row, LF line ends) of everything plotted on ``fig``."""
    header, rows = figure_table(fig)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


_LONG_DECIMAL = re.compile(rb"(-?\d+\.\d\d)\d+")
_COORD_ATTR = re.compile(rb'(\s(?:d|x|y)=")([^"]*)(")')
_TRANSLATE = re.compile(rb"(translate\()([^)]*)(\))")


def _compact(svg: bytes) -> bytes:
    """Round coordinates to 0.01 pt and drop line breaks inside path data.

    matplotlib prints six decimals, which is about a tenth of an essay's page weight in
    figures and invisible at any screen size. Only coordinates are touched (path data,
    x/y, translations): glyph scale factors such as scale(0.015625) must stay exact.
    """

    def fix(m: re.Match) -> bytes:
        inner = _LONG_DECIMAL.sub(rb"\1", m.group(2))
        return m.group(1) + b" ".join(inner.split()) + m.group(3)

    return _TRANSLATE.sub(fix, _COORD_ATTR.sub(fix, svg))


def figure_svg(fig: Figure) -> bytes:
    """SVG bytes with no date and a fixed hash salt (set in the style): same input, same bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    return _compact(buf.getvalue())


def finish(fig: Figure, variant) -> list[str]:
    """Fit a plotted figure to its variant; returns what is still wrong with its layout.

    The phone layout raises any smaller text to the style's minimum (modules set some
    annotation and legend sizes for the wide layout) and grows the figure until every
    panel keeps its height under a hung legend; the dark scheme maps the module's
    colours (:mod:`simulations._palette`); covering legends are moved off the data and
    titles slid inside the figure. What is left (a legend still on the data, text cut
    off or written over other text) comes back as sentences for the runner to report.
    """
    from matplotlib.text import Text

    from simulations import _style
    from simulations._layout import fit_panels, keep_inside, text_problems
    from simulations._legends import hang_under_panels, place_legends
    from simulations._palette import recolour_for_dark

    phone = variant.layout == "phone"
    if phone:
        for text in fig.findobj(Text):
            if text.get_fontsize() < _style.PHONE_MIN_FONT_PT:
                text.set_fontsize(_style.PHONE_MIN_FONT_PT)
        _wrap_for_phone(fig)
        _style.plain_log_ticks(fig)  # no superscript exponents: too small on a phone
        _style.texts_out_of_layout(fig)
    if variant.scheme == "dark":
        recolour_for_dark(fig, _style.DARK_BACKGROUND)
    if phone:
        # Legends hung under phone panels take their room from the panels: the figure
        # grows instead, before legends left inside are checked against the data.
        hang_under_panels(fig)
        fit_panels(fig)
    left = place_legends(fig)
    if phone and fit_panels(fig):  # a covering legend went under its panel
        left = place_legends(fig)
    keep_inside(fig)
    problems = [f"a legend covers data in {panel}" for panel in left]
    if variant.scheme == "light":  # a dark variant is laid out exactly as its light twin
        problems += text_problems(fig)
    return problems


#: Longest line, in characters, of titles, axis labels and legend entries on a phone.
PHONE_LINE_CHARS = {"title": 38, "xlabel": 38, "ylabel": 30, "legend": 34}


def _wrap(text, width: int) -> None:
    import textwrap

    value = text.get_text()
    if len(value) > width and "$" not in value:
        # Never break a line beside "=": "n\n= 50" reads as two fragments.
        value = value.replace(" = ", "\u00a0=\u00a0")
        lines = (textwrap.fill(part, width, break_long_words=False) for part in value.split("\n"))
        text.set_text("\n".join(lines))


def _wrap_for_phone(fig: Figure) -> None:
    """Break long titles, axis labels and legend entries to fit the phone layout's width.

    The wide layout's one-line labels are longer than a 3.5 in figure is wide (or a
    panel is high, for y labels); constrained layout cannot fit them and gives up.
    """
    chars = PHONE_LINE_CHARS
    for ax in fig.axes:
        for title in (ax.title, ax._left_title, ax._right_title):
            _wrap(title, chars["title"])
        _wrap(ax.xaxis.label, chars["xlabel"])
        _wrap(ax.yaxis.label, chars["ylabel"])
        legend = ax.get_legend()
        if legend is not None:
            for text in legend.get_texts():
                _wrap(text, chars["legend"])


def variant_outputs(plot, result) -> tuple[dict[str, bytes], str, dict[str, list[str]]]:
    """Plot one simulation result in every variant of :data:`simulations._style.VARIANTS`.

    Args:
        plot: the module's ``plot(result) -> Figure``.
        result: what its ``simulate`` returned (computed once, drawn four times).

    Returns:
        SVG bytes by kind, the CSV text (read from the light wide figure, the figure of
        record), and by kind the layout problems :func:`finish` found (for the runner to
        report).
    """
    from simulations import _style

    outputs: dict[str, bytes] = {}
    layout: dict[str, list[str]] = {}
    csv_text = ""
    for variant in _style.VARIANTS:
        with _style.drawing(variant):
            fig = plot(result)
            if variant == _style.VARIANTS[0]:
                csv_text = figure_csv(fig)  # before finish(): the data, not the styling
            problems = finish(fig, variant)
            if problems:
                layout[variant.kind] = problems
            outputs[variant.kind] = figure_svg(fig)
    return outputs, csv_text, layout
