"""Legends off the data: find where a legend covers plotted data, and move it.

A legend covers data when its box, clipped to its axes, meets a plotted line (between
its points, not only at them), a marker, a shaded band, a bar or an error bar of the
same axes. Reference lines (two-point lines without a label, e.g. ``axhline``) and text
annotations are not data. :func:`covered` is the check (the tests use it on every
figure); :func:`place_legends` moves each covering legend to the first free spot inside
its axes, else under the axes, below the axis label.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import Collection, LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import Bbox, ScaledTranslation

__all__ = ["covered", "data_under", "hang_under_panels", "legends_of", "place_legends"]

#: Spots tried inside the axes, in order of preference (matplotlib location codes).
INSIDE = (
    "upper right",
    "upper left",
    "lower left",
    "lower right",
    "center right",
    "center left",
    "upper center",
    "lower center",
)
#: In the phone layout a legend wider than this share of the figure goes under its
#: axes from the start: inside a panel (about three quarters of the figure wide) it
#: would stick out, and constrained layout would shrink the axes until they collapse.
PHONE_INSIDE_WIDTH = 0.7
#: Space kept between a moved legend and what it is moved away from, in points.
GAP_PT = 4.0


def legends_of(fig: Figure) -> list[tuple[Axes, Legend]]:
    """Every axes legend of ``fig`` that is visible, with its axes."""
    return [
        (ax, ax.get_legend())
        for ax in fig.axes
        if ax.get_legend() is not None and ax.get_legend().get_visible()
    ]


def _is_data_line(line: Line2D) -> bool:
    if not line.get_visible():
        return False
    decoration = line.get_label().startswith("_") and len(np.atleast_1d(line.get_xdata())) <= 2
    return not decoration


def _points_in(points: np.ndarray, box: Bbox, pad: float) -> bool:
    if points.size == 0:
        return False
    p = points[np.isfinite(points).all(axis=1)]
    return bool(
        np.any(
            (p[:, 0] >= box.x0 - pad)
            & (p[:, 0] <= box.x1 + pad)
            & (p[:, 1] >= box.y0 - pad)
            & (p[:, 1] <= box.y1 + pad)
        )
    )


def _line_hits(line: Line2D, box: Bbox, dpi: float) -> bool:
    path = line.get_transform().transform_path(line.get_path())
    points = path.vertices
    marker = line.get_marker()
    has_marker = marker not in (None, "None", "none", "", " ")
    pad = line.get_markersize() * dpi / 72 / 2 if has_marker else 0.0
    if has_marker and _points_in(points, box, pad):
        return True
    if line.get_linestyle() in ("None", "none", "", " "):
        return False
    return bool(path.intersects_bbox(box, filled=False))


def _collection_hits(coll: Collection, box: Bbox, dpi: float) -> bool:
    if not coll.get_visible():
        return False
    if isinstance(coll, PathCollection):
        offsets = coll.get_offset_transform().transform(np.asarray(coll.get_offsets()))
        sizes = coll.get_sizes()
        pad = float(np.sqrt(sizes.max()) * dpi / 72 / 2) if len(sizes) else 0.0
        return _points_in(offsets, box, pad)
    transform = coll.get_transform()
    filled = not isinstance(coll, LineCollection)
    return any(
        transform.transform_path(path).intersects_bbox(box, filled=filled)
        for path in coll.get_paths()
    )


def covered(ax: Axes, legend: Legend, renderer=None) -> list[str]:
    """The data ``legend`` covers in ``ax``, as series labels (empty when it covers none).

    The figure must have been drawn (or laid out) so that positions are final; pass the
    renderer used, or the figure's own is used.
    """
    fig = ax.get_figure(root=True)
    renderer = renderer or fig._get_renderer()
    return data_under(ax, legend.get_window_extent(renderer), renderer)


def data_under(ax: Axes, box: Bbox, renderer) -> list[str]:
    """The series of ``ax`` that pass under ``box`` (display pixels), by label."""
    box = Bbox.intersection(box, ax.bbox)
    if box is None or box.width <= 0 or box.height <= 0:
        return []
    dpi = ax.get_figure(root=True).dpi
    hits = []
    for line in ax.get_lines():
        if _is_data_line(line) and _line_hits(line, box, dpi):
            hits.append(line.get_label())
    for coll in ax.collections:
        if _collection_hits(coll, box, dpi):
            hits.append(coll.get_label())
    for patch in ax.patches:
        if isinstance(patch, Patch) and patch.get_visible():
            extent = patch.get_window_extent(renderer)
            if extent.overlaps(box):
                hits.append(patch.get_label())
    return hits


def _below_axes(ax: Axes, legend: Legend, renderer) -> None:
    """Hang ``legend`` under ``ax``'s tick labels and axis label, centred, one column."""
    fig = ax.get_figure(root=True)
    legend.set_visible(False)
    tight = ax.get_tightbbox(renderer, for_layout_only=True)
    legend.set_visible(True)
    drop_pt = (ax.bbox.y0 - tight.y0) * 72 / fig.dpi + GAP_PT
    offset = ScaledTranslation(0, -drop_pt / 72, fig.dpi_scale_trans)
    legend.set_loc("upper center")
    legend.set_bbox_to_anchor((0.5, 0.0), transform=ax.transAxes + offset)


def _anchored_outside(ax: Axes, legend: Legend, renderer) -> bool:
    box = legend.get_window_extent(renderer)
    inside = Bbox.intersection(box, ax.bbox)
    return inside is None or inside.width * inside.height < 0.5 * box.width * box.height


def hang_under_panels(fig: Figure) -> None:
    """Phone layout: hang under its axes every legend a module placed outside them
    (``bbox_to_anchor``) or too wide for a panel; the narrow figure has room only there."""
    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    for ax, legend in legends_of(fig):
        wide = legend.get_window_extent(renderer).width > PHONE_INSIDE_WIDTH * fig.bbox.width
        if wide or _anchored_outside(ax, legend, renderer):
            _below_axes(ax, legend, renderer)
    fig.draw_without_rendering()


def place_legends(fig: Figure, *, phone: bool = False) -> list[str]:
    """Move every legend of ``fig`` that covers data; returns what could not be freed.

    A covering legend goes to the first spot of :data:`INSIDE` where it covers nothing,
    else under its axes. In the phone layout, a legend a module hung outside its axes
    (``bbox_to_anchor``), or one too wide for a panel, is also hung under the axis
    label, where the narrower figure leaves room for it.
    """
    if phone:
        hang_under_panels(fig)
    else:
        fig.draw_without_rendering()
    renderer = fig._get_renderer()
    # Moving one legend under its axes changes the layout, and with it the room the
    # others have: a few passes, each after a fresh layout, until none covers data.
    for _ in range(3):
        moved = False
        for ax, legend in legends_of(fig):
            if not covered(ax, legend, renderer):
                continue
            moved = True
            for loc in INSIDE:
                # No draw per spot: a legend's offset is computed from its loc whenever
                # its extent is asked for, and a spot inside the axes leaves the layout
                # as it is. (A full draw per spot was most of a figure's drawing time.)
                legend.set_loc(loc)
                legend.set_bbox_to_anchor(None)
                if not covered(ax, legend, renderer):
                    break
            else:
                _below_axes(ax, legend, renderer)
        fig.draw_without_rendering()
        if not moved:
            break
    left = []
    for ax, legend in legends_of(fig):
        hits = covered(ax, legend, renderer)
        if hits:
            left.append(f"{ax.get_title() or 'a panel'}: {', '.join(hits)}")
    return left
