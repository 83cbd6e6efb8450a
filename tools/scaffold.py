"""Start a new essay or a new simulation from a template that already follows the house rules.

``python -m tools.scaffold essay SLUG --title "Title"`` (``make essay``) writes
``docs/essays/SLUG.md`` and lists it in ``mkdocs.yml``'s nav under Essays;
``python -m tools.scaffold simulation NAME`` (``make simulation``) writes
``simulations/NAME.py`` and ``tests/simulations/test_NAME.py``. Neither overwrites anything.

Every spot the contributor must fill in starts with :data:`PLACEHOLDER_MARK`; the
editorial checks (:mod:`tools.editorial`) refuse an essay until none is left.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import keyword
import os
import re
import sys
from pathlib import Path
from string import Template

import yaml

from publishing.figure_embed import SCAFFOLD_MARK

#: Starts every spot a scaffold leaves for the contributor to write; the build and the
#: editorial check refuse a figure still holding it (publishing.figure_embed).
PLACEHOLDER_MARK = SCAFFOLD_MARK
#: The scaffold's description: valid front matter, refused by the editorial checks.
DESCRIPTION_PLACEHOLDER = (
    f"{PLACEHOLDER_MARK} one sentence (at most 160 characters) saying what a reader will learn."
)
TAGS_PLACEHOLDER = f"{PLACEHOLDER_MARK} two or three topic words"
PLACEHOLDERS = (PLACEHOLDER_MARK, DESCRIPTION_PLACEHOLDER, TAGS_PLACEHOLDER)

TEMPLATES = Path(__file__).resolve().parent / "templates"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_TITLE = 70
# An essay entry in the nav: "  - essays/x.md" or "  - Some title: essays/x.md".
_NAV_ESSAY = re.compile(
    r"^(?P<indent>[ \t]*)-[ \t]+(?:[^#\n]*?:[ \t]+)?[\"']?essays/(?P<file>[^\s\"'#]+\.md)[\"']?"
    r"[ \t]*(?:#.*)?$"
)
_DOCS_DIR = re.compile(r"^docs_dir:[ \t]*[\"']?(?P<dir>[^\s\"'#]+)", re.MULTILINE)


class ScaffoldError(Exception):
    """The scaffold refused: the message says what is wrong and how to go on."""


# -- essays ------------------------------------------------------------------------------


def check_slug(slug: str) -> None:
    """Raise :class:`ScaffoldError` unless ``slug`` is lower-case words joined by hyphens."""
    if not slug:
        raise ScaffoldError(
            'no slug given: run make essay SLUG=my-essay TITLE="My essay" '
            "(the slug becomes the file name and the page address)"
        )
    if not SLUG_RE.match(slug):
        suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
        hint = f" (e.g. {suggestion})" if suggestion and SLUG_RE.match(suggestion) else ""
        raise ScaffoldError(
            f"'{slug}' is not a valid slug: use lower-case letters, digits and single "
            f"hyphens [a-z0-9-], starting and ending with a letter or digit{hint}"
        )


def _docs_dir(root: Path, config_text: str) -> Path:
    m = _DOCS_DIR.search(config_text)
    return root / (m.group("dir") if m else "docs")


def _nav_essays(config_text: str) -> list[tuple[int, str, str]]:
    """``(line index, indent, file)`` of every essay entry in the nav, in order."""
    found = []
    in_nav = False
    for i, line in enumerate(config_text.splitlines()):
        if re.match(r"^nav:\s*(#.*)?$", line):
            in_nav = True
            continue
        if in_nav and re.match(r"^\S", line) and not line.startswith("#"):
            in_nav = False  # the next top-level key ends the nav
        if in_nav and (m := _NAV_ESSAY.match(line)):
            found.append((i, m.group("indent"), m.group("file")))
    return found


def _yaml_scalar(text: str) -> str:
    """``text`` as it should appear after ``key: `` (quoted only if YAML needs it)."""
    try:
        if yaml.safe_load(f"k: {text}") == {"k": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def essay_text(title: str, date: dt.date) -> str:
    """The new essay's Markdown: valid front matter, then a skeleton of sections."""
    template = Template((TEMPLATES / "essay.md.tmpl").read_text(encoding="utf-8"))
    return template.substitute(
        title=_yaml_scalar(title),
        description=_yaml_scalar(DESCRIPTION_PLACEHOLDER),
        date=date.isoformat(),
        tags=TAGS_PLACEHOLDER,
        mark=PLACEHOLDER_MARK,
    )


def new_essay(root: Path, slug: str, title: str, today: dt.date | None = None) -> list[Path]:
    """Write ``docs/essays/<slug>.md`` and add it to the nav; return the files written.

    Args:
        root: the project root (holds ``mkdocs.yml``).
        slug: the file name without ``.md``: ``[a-z0-9-]+``.
        title: the essay's title, at most 70 characters.
        today: the publication date written as ``date`` and ``updated``.

    Raises:
        ScaffoldError: nothing was written; the message says why and what to do.
    """
    check_slug(slug)
    title = (title or "").strip()
    if not title:
        raise ScaffoldError(
            f'no title given: run make essay SLUG={slug} TITLE="The title readers will see"'
        )
    if len(title) > MAX_TITLE:
        raise ScaffoldError(
            f"the title is {len(title)} characters; keep it to {MAX_TITLE} "
            "(it is shown in the nav, in search results and in link previews)"
        )
    config = root / "mkdocs.yml"
    if not config.is_file():
        raise ScaffoldError(f"{config} not found: run this from the project root")
    config_text = config.read_text(encoding="utf-8")
    essay = _docs_dir(root, config_text) / "essays" / f"{slug}.md"
    shown = essay.relative_to(root).as_posix()
    if essay.exists():
        raise ScaffoldError(
            f"{shown} already exists; nothing was changed. Edit it, or choose another SLUG"
        )
    entries = _nav_essays(config_text)
    if any(file == f"{slug}.md" for _, _, file in entries):
        raise ScaffoldError(
            f"essays/{slug}.md is already in mkdocs.yml's nav but the file is missing; "
            "nothing was changed. Remove the nav line or choose another SLUG"
        )
    if not entries:
        raise ScaffoldError(
            "found no essays/... entry under nav: in mkdocs.yml, so the essay has nowhere "
            f"to go; add the line '      - essays/{slug}.md' under Essays by hand"
        )
    line_index, indent, _ = entries[-1]
    lines = config_text.splitlines(keepends=True)
    last = lines[line_index]
    newline = last[len(last.rstrip("\r\n")) :] or "\n"
    if not last.endswith(("\n", "\r")):
        lines[line_index] = last + newline
    lines.insert(line_index + 1, f"{indent}- essays/{slug}.md{newline}")

    essay.parent.mkdir(parents=True, exist_ok=True)
    with essay.open("x", encoding="utf-8", newline="\n") as f:  # "x": never overwrite
        f.write(essay_text(title, today or dt.date.today()))
    _write_atomically(config, "".join(lines))
    return [essay, config]


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.scaffold-tmp")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, path)


# -- simulations -------------------------------------------------------------------------


def check_name(name: str) -> None:
    """Raise :class:`ScaffoldError` unless ``name`` can be a figure module's name."""
    if not name:
        raise ScaffoldError(
            "no name given: run make simulation NAME=my_figure "
            "(the name of the module, the figure and its files)"
        )
    if name.startswith("_"):
        raise ScaffoldError(
            f"'{name}' starts with '_', which marks infrastructure modules, not figures: "
            "choose a name that starts with a letter"
        )
    if not name.isidentifier() or keyword.iskeyword(name) or not NAME_RE.match(name):
        suggestion = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
        hint = f" (e.g. {suggestion})" if NAME_RE.match(suggestion or "-") else ""
        raise ScaffoldError(
            f"'{name}' is not a valid figure name: use a Python module name in "
            f"lower_case_with_underscores, starting with a letter{hint}"
        )


def new_simulation(root: Path, name: str, essay: str | None = None) -> list[Path]:
    """Write ``simulations/<name>.py`` and ``tests/simulations/test_<name>.py``.

    Args:
        root: the project root.
        name: the module and figure name.
        essay: slug of the essay that will embed the figure, if known.

    Raises:
        ScaffoldError: nothing was written; the message says why and what to do.
    """
    check_name(name)
    if essay is not None and essay != "":
        check_slug(essay)
        essay_path = f"essays/{essay}.md"
        essay_doc = f"docs/{essay_path}"
    else:
        essay_path = f"{PLACEHOLDER_MARK} essays/<slug>.md of the essay that embeds the figure"
        essay_doc = f"{PLACEHOLDER_MARK} docs/essays/<slug>.md, the essay that embeds it"
    module = root / "simulations" / f"{name}.py"
    test = root / "tests" / "simulations" / f"test_{name}.py"
    for path in (module, test):
        if path.exists():
            raise ScaffoldError(
                f"{path.relative_to(root).as_posix()} already exists; nothing was changed. "
                "Choose another NAME"
            )
    if not (root / "simulations" / "__init__.py").is_file():
        raise ScaffoldError(f"{root / 'simulations'} is not the simulations package")
    values = {"name": name, "essay": essay_path, "essay_doc": essay_doc}
    texts = {
        module: Template((TEMPLATES / "simulation.py.tmpl").read_text(encoding="utf-8")),
        test: Template((TEMPLATES / "test_simulation.py.tmpl").read_text(encoding="utf-8")),
    }
    test.parent.mkdir(parents=True, exist_ok=True)
    for path, template in texts.items():
        with path.open("x", encoding="utf-8", newline="\n") as f:
            f.write(template.substitute(values))
    return [module, test]


# -- command line ------------------------------------------------------------------------


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write YYYY-MM-DD") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.scaffold", description="Start a new essay or simulation."
    )
    parser.add_argument("--root", type=Path, default=Path("."), help="project root")
    sub = parser.add_subparsers(dest="what", required=True)
    p_essay = sub.add_parser("essay", help="docs/essays/SLUG.md, listed in the nav")
    p_essay.add_argument("slug", nargs="?", default="", help="file name: [a-z0-9-]+")
    p_essay.add_argument("--title", default="", help=f"at most {MAX_TITLE} characters")
    p_essay.add_argument(
        "--date", type=_date, default=None, help="publication date YYYY-MM-DD (default: today)"
    )
    p_sim = sub.add_parser("simulation", help="simulations/NAME.py and its test")
    p_sim.add_argument("name", nargs="?", default="", help="module name: lower_case")
    p_sim.add_argument("--essay", default=None, help="slug of the essay that embeds it")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        if args.what == "essay":
            written = new_essay(root, args.slug, args.title, args.date)
        else:
            written = new_simulation(root, args.name, args.essay)
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in written:
        verb = "updated" if path.name == "mkdocs.yml" else "created"
        print(f"{verb} {path.relative_to(root).as_posix()}")
    if args.what == "essay":
        print(
            f"next: replace every '{PLACEHOLDER_MARK}' in {written[0].relative_to(root).as_posix()}, "
            "preview with make serve, and check with python -m tools.editorial"
        )
    else:
        print(
            f"next: make it answer your question, then run .venv/bin/pytest "
            f"tests/simulations/test_{args.name}.py and .venv/bin/python -m simulations "
            f"{args.name} --force"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
