"""A small synthetic project (essays, a figure module, a .bib file) for the editorial tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

FILLER = "Curators keep careful records of where every copy of a document came from. "
KEYS = ("alpha2020", "bravo2021", "charlie2022", "delta2023", "echo2024")

BIB = "\n".join(
    textwrap.dedent(
        f"""\
        @article{{{key},
          author  = {{Archivist, Ada}},
          title   = {{Study number {i}}},
          journal = {{Journal of Records}},
          year    = {{{2020 + i}}}
        }}
        """
    )
    for i, key in enumerate(KEYS)
)

FIGURE = '''\
"""A toy figure for the editorial tests."""

from dataclasses import dataclass

from simulations.engine import FigureMeta


@dataclass(frozen=True)
class Params:
    seed: int = 1


PARAMS = Params()
META = FigureMeta(
    title="A toy curve",
    caption="A toy caption.",
    alt={alt!r},
    essay="essays/good.md",
)


def simulate(params, rng):
    return None


def plot(result):
    return None
'''
GOOD_ALT = "A curve that rises steeply and then levels off near one."


def essay(
    *,
    title: str = "A good essay",
    description: str = "One sentence that says what the reader will learn.",
    words: int = 1_700,
    figures: tuple[str, ...] = ("toy_curve",),
    cites: tuple[str, ...] = KEYS,
    extra: str = "",
) -> str:
    """An essay that passes every check unless a knob says otherwise."""
    filler = FILLER * (words // len(FILLER.split()))
    half = len(filler) // 2
    figure_lines = "\n\n".join(f"[[figure: {name}]]" for name in figures)
    citations = " ".join(f"One finding is reported here [@{key}]." for key in cites)
    return (
        "---\n"
        f"title: {title}\n"
        f"description: {description}\n"
        "authors: [Collapse & Provenance editors]\n"
        "date: 2026-11-25\n"
        "updated: 2026-11-25\n"
        "tags: [provenance]\n"
        "---\n\n"
        f"{filler[:half]}\n\n"
        "## A section\n\n"
        f"{figure_lines}\n\n"
        f"{citations}\n\n"
        f"{extra}\n\n"
        f"{filler[half:]}\n"
    )


def make_project(root: Path) -> Path:
    (root / "docs" / "essays").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n\nWelcome.\n")
    (root / "docs" / "essays" / "index.md").write_text("# Essays\n")
    (root / "docs" / "essays" / "good.md").write_text(essay())
    (root / "simulations").mkdir()
    (root / "simulations" / "_style.py").write_text("# infrastructure, not a figure\n")
    (root / "simulations" / "toy_curve.py").write_text(FIGURE.format(alt=GOOD_ALT))
    (root / "bibliography").mkdir()
    (root / "bibliography" / "references.bib").write_text(BIB)
    return root
