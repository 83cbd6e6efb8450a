"""Editorial checks for essays: what a reviewer would otherwise have to count by hand.

Each check is a plain function taking a path (and the project root) and returning a list
of :class:`publishing.SourceError`, each printed as ``file:line: what is wrong — how to
fix it``. ``make test`` runs them through ``tests/editorial/``; the pre-commit hook runs
``python -m tools.editorial``, which prints every problem and exits 1 if there is any.

The checks reuse the build's own rules: the front-matter schema
(:func:`publishing.validate_essay`), the word count (:func:`publishing.word_count`),
figure lines (:func:`publishing.figure_names_in`) and the alt-text rule used when figures
are embedded, citation scanning (:func:`bibliography.scan_keys`) and unused references
(:meth:`bibliography.Bibliography.unused`).
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import importlib.util
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from bibliography import Bibliography, BibliographyError, scan_keys
from publishing import SourceError, SourceErrors, figure_names_in, is_essay, validate_essay
from publishing.figure_embed import figure_problems, unknown_figure
from publishing.links import anchors_from, essay_not_in_nav, link_problems, nav_pages
from publishing.markdown_lines import lines_outside_code, split_front_matter
from publishing.reading import word_count
from publishing.site_steps import read_config
from publishing.values import value_refs_in
from simulations.engine.values import FormatError, format_number, unknown_value_hint
from tools.scaffold import DESCRIPTION_PLACEHOLDER, PLACEHOLDER_MARK, TAGS_PLACEHOLDER

ROOT = Path(__file__).resolve().parent.parent
#: The figure runner's records; the values registered with the last run live there.
FIGURE_INDEX = ".cache/figures/index.json"
DOCS = "docs"
ESSAYS = "docs/essays"
BIB = "bibliography/references.bib"
MIN_WORDS, MAX_WORDS = 1_500, 3_000
MIN_CITATIONS = 5

#: Words that mark unfinished text, with why each is matched the way it is.
PLACEHOLDER_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # The scaffold's prompts (tools/scaffold.py) come first so they get the specific fix.
    (re.compile(re.escape(PLACEHOLDER_MARK)), PLACEHOLDER_MARK),
    # Upper case only: "todo" and "tbd" are rare in prose, but the capitalised forms are
    # how writers mark gaps.
    (re.compile(r"\bTODO\b"), "TODO"),
    (re.compile(r"\bTBD\b"), "TBD"),
    (re.compile(r"\bFIXME\b"), "FIXME"),
    (re.compile(r"\bXXX+\b"), "XXX"),
    (re.compile(r"lorem\s+ipsum", re.IGNORECASE), "lorem ipsum"),
    (re.compile(r"\bplaceholder\b", re.IGNORECASE), "placeholder"),
)


# -- reading -----------------------------------------------------------------------------


def shown(path: Path, root: Path) -> str:
    """The path as a contributor sees it: relative to the project root when possible."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def essay_paths(root: Path = ROOT) -> list[Path]:
    """Every essay, in name order (``docs/essays/*.md`` except ``index.md``)."""
    essays = root / ESSAYS
    return sorted(
        p for p in essays.glob("*.md") if is_essay(f"essays/{p.relative_to(essays).as_posix()}")
    )


def _read(path: Path) -> tuple[str, str, int]:
    """``(text, body, offset)``: body line 1 is file line ``offset + 1``."""
    text = path.read_text(encoding="utf-8-sig")
    _yaml, body, offset = split_front_matter(text)
    return text, body, offset


def figure_modules(root: Path) -> list[str]:
    """Names of the figure modules: ``simulations/*.py`` not starting with ``_``."""
    return sorted(p.stem for p in (root / "simulations").glob("*.py") if not p.stem.startswith("_"))


# -- one essay ---------------------------------------------------------------------------


def check_front_matter(path: Path, root: Path = ROOT) -> list[SourceError]:
    """The front-matter schema, exactly as the build checks it."""
    text, _body, _offset = _read(path)
    try:
        validate_essay(shown(path, root), text)
    except SourceErrors as exc:
        return list(exc.errors)
    return []


def check_length(path: Path, root: Path = ROOT) -> list[SourceError]:
    """The body (front matter excluded) has 1,500–3,000 words, counted as the build counts."""
    _text, body, offset = _read(path)
    words = word_count(body)
    if words < MIN_WORDS:
        return [
            SourceError(
                shown(path, root),
                offset + 1,
                f"the essay has {words:,} words; essays have {MIN_WORDS:,}–{MAX_WORDS:,}",
                f"write about {MIN_WORDS - words:,} more words (code, figure lines and link "
                "targets are not counted), or make it a section of a related essay",
            )
        ]
    if words > MAX_WORDS:
        return [
            SourceError(
                shown(path, root),
                offset + 1,
                f"the essay has {words:,} words; essays have {MIN_WORDS:,}–{MAX_WORDS:,}",
                f"cut about {words - MAX_WORDS:,} words, or split it into two essays that "
                "link to each other",
            )
        ]
    return []


def check_figures(path: Path, root: Path = ROOT) -> list[SourceError]:
    """At least one figure line; each names a module in ``simulations/`` with usable metadata."""
    _text, body, offset = _read(path)
    where = shown(path, root)
    figures = figure_names_in(body)
    known = figure_modules(root)
    if not figures:
        return [
            SourceError(
                where,
                offset + 1,
                "the essay embeds no figure; every essay has at least one",
                "put a line of its own such as [[figure: gaussian_collapse]], naming a module "
                "in simulations/ (make simulation NAME=... starts a new one)",
            )
        ]
    problems = []
    for name, index in figures:
        line = offset + index + 1
        if name not in known:
            problems.append(unknown_figure(name, known, where, line))
            continue
        problems.extend(_check_figure_meta(root, name, where, line))
    return problems


def _check_figure_meta(root: Path, name: str, where: str, line: int) -> list[SourceError]:
    """The build's rules for an existing figure (alt text, no scaffold prompt left)."""
    source = f"simulations/{name}.py"
    try:
        module = load_figure_module(root, name)
    except Exception as exc:  # any import error is the contributor's to see, not a crash
        return [
            SourceError(
                where,
                line,
                f"figure '{name}': {source} cannot be imported ({type(exc).__name__}: {exc})",
                f"run .venv/bin/python -m simulations {name} --force to see the traceback",
            )
        ]
    meta = getattr(module, "META", None)
    if meta is None or not hasattr(meta, "alt"):
        return [
            SourceError(
                where,
                line,
                f"figure '{name}': {source} has no META",
                "define META = FigureMeta(title=..., caption=..., alt=..., essay=...) "
                "(see simulations/engine/contract.py)",
            )
        ]
    fields = {f: getattr(meta, f, "") for f in ("title", "caption", "alt", "essay")}
    return figure_problems(name, fields, module.__doc__ or "", where, line)


_loaded: dict[Path, ModuleType] = {}


def load_figure_module(root: Path, name: str) -> ModuleType:
    """Import ``simulations/<name>.py`` of ``root`` (the project's own package when it is ours)."""
    path = (root / "simulations" / f"{name}.py").resolve()
    if root.resolve() == ROOT:
        return importlib.import_module(f"simulations.{name}")
    if path not in _loaded:
        # Another root (a test's temporary project): load the file under a private name;
        # its `from simulations import _style` still finds the project's package.
        spec = importlib.util.spec_from_file_location(f"_editorial_figure_{len(_loaded)}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up while defining
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[spec.name]
            raise
        _loaded[path] = module
    return _loaded[path]


def check_citations(
    path: Path, root: Path = ROOT, bib: Bibliography | None = None
) -> list[SourceError]:
    """At least five distinct works cited; with ``bib``, every cited key exists in it."""
    _text, body, offset = _read(path)
    where = shown(path, root)
    cited = scan_keys(body, offset)
    problems = []
    if bib is not None:
        for key, line in cited:
            if key not in bib:
                # The build's own message (Bibliography.expand reports the same Problem).
                problems.append(SourceErrors([bib.unknown_key(key, where, line)]).errors[0])
    distinct = list(dict.fromkeys(key for key, _line in cited))
    if len(distinct) < MIN_CITATIONS:
        listed = f" ({', '.join(distinct)})" if distinct else ""
        problems.append(
            SourceError(
                where,
                offset + 1,
                f"the essay cites {len(distinct)} distinct work{'s' * (len(distinct) != 1)}"
                f"{listed}; essays cite at least {MIN_CITATIONS}",
                "support each claim with a source, e.g. [@shumailov2024nature] or "
                f"[@a; @b]; keys are those in {BIB} (add a record if a source is missing)",
            )
        )
    return problems


def _docs_pages(root: Path) -> dict[str, Path]:
    docs = root / DOCS
    return {
        p.relative_to(docs).as_posix(): p
        for p in sorted(docs.rglob("*"))
        if p.suffix in (".md", ".ipynb")
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(docs).parts)
    }


def check_links(path: Path, root: Path = ROOT) -> list[SourceError]:
    """Links to pages and anchors in docs/ exist (the build's rule, publishing.links)."""
    _text, body, offset = _read(path)
    pages = _docs_pages(root)
    bodies = {uri: _read(p)[1] for uri, p in pages.items() if p.suffix == ".md"}
    src_uri = path.resolve().relative_to((root / DOCS).resolve()).as_posix()
    return link_problems(
        body,
        src_uri=src_uri,
        shown=shown(path, root),
        line_offset=offset,
        pages=pages,
        anchors=anchors_from(bodies),
    )


def check_nav(path: Path, root: Path = ROOT) -> list[SourceError]:
    """The essay is listed in the nav of mkdocs.yml (the build's rule, publishing.links)."""
    config = root / "mkdocs.yml"
    if not config.is_file():
        return []
    nav = nav_pages(read_config(config).get("nav"))
    src_uri = path.resolve().relative_to((root / DOCS).resolve()).as_posix()
    missing = essay_not_in_nav(src_uri, shown(path, root), nav)
    return [missing] if missing else []


def check_placeholders(path: Path, root: Path = ROOT) -> list[SourceError]:
    """No TODO, TBD, FIXME, XXX, lorem ipsum, "placeholder" or scaffold prompt is left.

    Front matter and prose are searched; fenced code blocks are not (code may quote such
    words on purpose).
    """
    text, body, offset = _read(path)
    where = shown(path, root)
    front = text.split("\n")[:offset]
    lines = [(i + 1, line) for i, line in enumerate(front)]
    lines += [(offset + i + 1, line) for i, line in lines_outside_code(body)]
    problems = []
    for number, line in lines:
        for pattern, label in PLACEHOLDER_PATTERNS:
            if not pattern.search(line):
                continue
            if TAGS_PLACEHOLDER in line:
                problem = "the tags are still the scaffold's placeholder"
                fix = (
                    "list two or three topic words, reusing tags other essays have, "
                    "e.g. tags: [provenance, archives]"
                )
            elif DESCRIPTION_PLACEHOLDER in line:
                fix = (
                    "replace it with one sentence of at most 160 characters saying what a "
                    "reader will learn (it is shown in search results and link previews)"
                )
                problem = "the description is still the scaffold's placeholder"
            elif label == PLACEHOLDER_MARK:
                problem = f"the scaffold's '{PLACEHOLDER_MARK}' prompt is still here"
                fix = "write what it asks for, then delete the prompt"
            else:
                problem = f"placeholder text '{label}' is left in"
                fix = "write the missing passage or delete the line"
            problems.append(SourceError(where, number, problem, fix))
            break  # one problem per line is enough to find it
    return problems


def registered_values(root: Path = ROOT) -> dict[str, dict]:
    """``module.name`` -> value record, from the figure runner's last records (none if unrun).

    The editorial check does not run simulations (it must stay fast enough for pre-commit);
    it reads what the last ``make figures`` or ``make site`` recorded.
    """
    index = root / FIGURE_INDEX
    if not index.is_file():
        return {}
    records = json.loads(index.read_text(encoding="utf-8"))
    return {
        f"{module}.{name}": v
        for module, record in sorted(records.items())
        for name, v in sorted((record.get("values") or {}).items())
    }


#: A typed number: optional minus, digits with thousands commas, decimals, percent.
_TYPED_NUMBER = re.compile(
    r"(?<![\w.\[/^])([−-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%?)(?![\w.]\w|\])"
)
_VALUE_OR_CODE = re.compile(r"\[\[(?:value|figure):[^\]]*\]\]|`[^`]*`|\[@[^\]]*\]|\]\([^)]*\)")


def _printed_spec(digits: str, decimals: str, percent: str) -> str | None:
    """The format a typed number was printed with, or None when too short to be telling.

    A number is telling when it has a decimal part with two or more significant digits
    ("0.599", "0.18") or three or more significant digits ("423", "2,898"): shorter ones
    ("5", "20", "1,000") are too common in prose to be matched to a value by chance.
    """
    significant = (digits.replace(",", "") + decimals.lstrip(".")).lstrip("0").rstrip("0")
    if (decimals and len(significant) < 2) or (not decimals and len(significant) < 3):
        return None
    comma = "," if "," in digits else ""
    places = len(decimals) - 1 if decimals else 0
    return f"{comma}.{places}%" if percent else f"{comma}.{places}f"


def check_values(
    path: Path, root: Path = ROOT, values: dict[str, dict] | None = None
) -> list[SourceError]:
    """Value tokens name registered values; no registered value is typed by hand.

    A hand-typed number that equals a closed-form or simulated value, of a simulation the
    essay embeds or quotes, at the precision it is printed with is flagged with the token
    to write instead, so the number follows its simulation. Parameters are not matched (an
    essay may state an input in its own words), nor values of unrelated simulations (a
    match there is a coincidence).
    """
    values = registered_values(root) if values is None else values
    _text, body, offset = _read(path)
    where = shown(path, root)
    problems: list[SourceError] = []
    modules = {ref.split(".", 1)[0] for ref in values}
    for ref, i in value_refs_in(body):
        module = ref.split(".", 1)[0]
        if ref in values or (module in figure_modules(root) and module not in modules):
            continue  # known, or its module has not been run here yet (the build decides)
        hint = unknown_value_hint(ref, sorted(values))
        problems.append(
            SourceError(
                where,
                offset + i + 1,
                f"unknown value '{ref}'",
                f"{hint} Values are declared by values() in simulations/<module>.py".strip(),
            )
        )
    used = {name for name, _ in figure_names_in(body)}
    used |= {ref.split(".", 1)[0] for ref, _ in value_refs_in(body)}
    for i, line in lines_outside_code(body):
        prose = _VALUE_OR_CODE.sub(lambda m: " " * len(m.group(0)), line)
        for m in _TYPED_NUMBER.finditer(prose):
            _sign, digits, decimals, percent = m.groups()
            spec = _printed_spec(digits, decimals or "", percent)
            if spec is None:
                continue
            typed = m.group(0).replace("-", "−")
            matches = []
            for ref, v in values.items():
                if v["kind"] == "parameter" or ref.split(".", 1)[0] not in used:
                    continue
                try:
                    if format_number(v["value"], spec) == typed:
                        matches.append(ref)
                except FormatError:
                    continue
            if matches:
                spec_text = "" if spec.lstrip(",") == ".0f" else f" | {spec}"
                problems.append(
                    SourceError(
                        where,
                        offset + i + 1,
                        f"the number {typed} is typed by hand but equals {', '.join(matches[:3])} "
                        "at this precision",
                        f"bind it to {matches[0]}: write [[value: {matches[0]}{spec_text}]] so "
                        "it follows the simulation (CONTRIBUTING.md, Values in prose)",
                    )
                )
    return problems


def check_essay(
    path: Path, root: Path = ROOT, bib: Bibliography | None = None
) -> list[SourceError]:
    """Every per-essay check, all problems together, in line order."""
    problems = (
        check_front_matter(path, root)
        + check_placeholders(path, root)
        + check_length(path, root)
        + check_figures(path, root)
        + check_citations(path, root, bib)
        + check_links(path, root)
        + check_nav(path, root)
        + check_values(path, root)
    )
    return sorted(problems, key=lambda p: p.line)


# -- the whole site ----------------------------------------------------------------------


def _as_source_error(problem, root: Path) -> SourceError:
    return SourceError(
        shown(Path(problem.path), root), problem.line or 1, problem.message, problem.fix
    )


def load_bibliography(root: Path = ROOT) -> Bibliography:
    """``bibliography/references.bib``, validated (cached in ``.cache/bibliography``).

    Raises:
        SourceErrors: the file is missing or has problems, each with file:line and a fix.
    """
    path = root / BIB
    if not path.is_file():
        raise SourceErrors(
            [SourceError(BIB, 1, f"{BIB} not found", "restore it from the repository")]
        )
    try:
        return Bibliography.load(path, name=BIB, cache_dir=root / ".cache" / "bibliography")
    except BibliographyError as exc:
        raise SourceErrors([_as_source_error(p, root) for p in exc.problems]) from None


def cited_keys(root: Path = ROOT) -> set[str]:
    """Every key cited on any Markdown page under ``docs/`` (front matter excluded)."""
    keys: set[str] = set()
    for page in sorted((root / DOCS).rglob("*.md")):
        _text, body, offset = _read(page)
        keys.update(key for key, _line in scan_keys(body, offset))
    return keys


def check_unused_references(
    root: Path = ROOT, bib: Bibliography | None = None
) -> list[SourceError]:
    """Every record in the bibliography is cited on at least one page of the site."""
    bib = bib or load_bibliography(root)
    return [_as_source_error(p, root) for p in bib.unused(cited_keys(root))]


def check_bibliography(root: Path = ROOT) -> list[SourceError]:
    """The .bib file is valid and every record in it is cited somewhere."""
    try:
        bib = load_bibliography(root)
    except SourceErrors as exc:
        return list(exc.errors)
    return check_unused_references(root, bib)


def check_all(root: Path = ROOT, essays: Iterable[Path] | None = None) -> list[SourceError]:
    """Every essay (or just ``essays``) and, when checking them all, the bibliography."""
    problems: list[SourceError] = []
    try:
        bib = load_bibliography(root)
    except SourceErrors as exc:
        problems += exc.errors
        bib = None
    for essay in essay_paths(root) if essays is None else essays:
        problems += check_essay(essay, root, bib)
    if essays is None and bib is not None:
        problems += check_unused_references(root, bib)
    if essays is None:
        problems += check_outside_references(root) + check_derivations(root)
    return problems


# -- references to files outside the repository ------------------------------------------

#: Folders that are never part of the project's own text (environments, caches, output).
SKIPPED_DIRS = frozenset(
    {".git", ".venv", ".cache", "site", "node_modules", "__pycache__", ".pytest_cache"}
)
#: File types a reader would expect to find in the repository when a page names one.
SOURCE_SUFFIXES = ("md", "py", "bib", "ipynb", "yml", "yaml", "toml")
_URL = re.compile(r"[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)
# An absolute filesystem path: a well-known top-level folder, or a home directory (~/).
# Site-absolute URL paths such as /essays/ are not filesystem paths and are left alone.
_ABSOLUTE = re.compile(
    r"(?<![\w.:/~-])(?:~/|/(?:work|home|tmp|Users|mnt|srv|var|opt|root|etc|private)/)"
    r"[\w.@%+/-]*"
)
_PARENT = re.compile(r"(?<![\w./-])(?:\.\./)+[\w.@%+/-]*")
#: Names of third-party programs that pages mention as tools to run, not as files to open.
KNOWN_PROGRAMS = frozenset({"bagit.py"})
# Code spans and quoted strings show syntax written elsewhere (a link as an essay writes
# it, an argument in an example), so a "../" inside them is not this file's reference.
_QUOTED = re.compile(r"``.*?``|`[^`]*`|\"[^\"]*\"|'[^'\s][^']*'")
_BARE_NAME = re.compile(
    r"(?<![\w./#-])([\w-]+(?:\.[\w-]+)*\.(?:" + "|".join(SOURCE_SUFFIXES) + r"))(?![\w/-])"
)


def _project_files(root: Path) -> list[Path]:
    """Every file of the project, skipping environments, caches and built output."""
    out = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part in SKIPPED_DIRS or part.endswith(".egg-info") for part in rel.parts):
            continue
        if path.is_file():
            out.append(path)
    return out


def _module_docstring(path: Path) -> tuple[str, int] | None:
    """``(docstring, first line)`` of a Python module, or None when it has none."""
    import ast

    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError):
        return None  # ruff reports broken modules; this check only reads docstrings
    first = tree.body[0] if tree.body else None
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return first.value.value, first.lineno
    return None


def outside_references(
    text: str, where: Path, root: Path, names: set[str], first_line: int = 1
) -> list[SourceError]:
    """References in ``text`` (from file ``where``) to files outside the project at ``root``.

    Three kinds are refused, each reported at its own line:

    - an absolute filesystem path (``/home/...``, ``/work/...``, ``~/...``);
    - a relative path that climbs out of the repository (``../../elsewhere/notes.md``);
    - a bare file name of a source type (``notes.md``, ``helper.py``) that no file in the
      repository has: a reader cannot follow it.

    Web addresses are not references to files and are ignored.

    Args:
        text: the page or docstring.
        where: the file it comes from (relative paths are resolved from its folder).
        root: the project root.
        names: the names of every file in the project.
        first_line: the file line of the first line of ``text``.
    """
    shown_path = shown(where, root)
    base = where.resolve().parent
    top = root.resolve()
    problems = []
    for i, line in enumerate(text.split("\n")):
        number = first_line + i
        plain = _URL.sub(" ", line)
        for match in _ABSOLUTE.finditer(plain):
            problems.append(
                SourceError(
                    shown_path,
                    number,
                    f"'{match.group(0)}' is an absolute path on someone's machine",
                    "refer to a file in the repository by its path from the project root "
                    "(e.g. docs/derivations/index.md), or cite the published source",
                )
            )
        for match in _PARENT.finditer(_QUOTED.sub(" ", plain)):
            target = (base / match.group(0)).resolve()
            if target != top and top not in target.parents:
                problems.append(
                    SourceError(
                        shown_path,
                        number,
                        f"'{match.group(0)}' points outside the repository",
                        "everything a reader needs must be in the project: link a page of "
                        "the site (docs/derivations/ holds the derivations) or cite the source",
                    )
                )
        for match in _BARE_NAME.finditer(plain):
            name = match.group(1)
            stem = name.split(".")[0]
            # NAME.md or a.ipynb in a usage line stands for any file, not a particular one.
            placeholder = stem.isupper() or len(stem) == 1
            if name not in names and name not in KNOWN_PROGRAMS and not placeholder:
                problems.append(
                    SourceError(
                        shown_path,
                        number,
                        f"'{name}' names a file that is not in the repository",
                        "a reader cannot follow it: point to the published page instead "
                        "(e.g. docs/derivations/<page>.md#<anchor> for a closed form), or "
                        "add the file to the project",
                    )
                )
    return problems


def check_outside_references(root: Path = ROOT) -> list[SourceError]:
    """No page (Markdown) and no module docstring refers to a file outside the repository."""
    files = _project_files(root)
    names = {p.name for p in files}
    problems: list[SourceError] = []
    for path in sorted(files):
        if path.suffix == ".md":
            # Fenced blocks are commands and examples; blank them, keeping line numbers.
            lines = path.read_text(encoding="utf-8").split("\n")
            kept = dict(lines_outside_code("\n".join(lines)))
            text = "\n".join(kept.get(i, "") for i in range(len(lines)))
            problems += outside_references(text, path, root, names)
        elif path.suffix == ".py":
            found = _module_docstring(path)
            if found:
                doc, line = found
                problems += outside_references(doc, path, root, names, first_line=line)
    return problems


# -- derivations ---------------------------------------------------------------------------

DERIVATIONS = "docs/derivations"
_EXPLICIT_ANCHOR = re.compile(r"\{[^}]*#([A-Za-z][\w-]*)[^}]*\}")
_CHECKED_TEST = re.compile(r"`((?:tests/)[\w/.-]+\.py)::(\w+)`")
_SAME_FILE_TEST = re.compile(r"`(test_\w+)`")
_FIGURE = re.compile(r"\*\*Figures?\*\*\s+`(\w+)`")
_DERIVATION_LINK = re.compile(r"\]\((?:\.\./)*derivations/([\w-]+\.md)(?:#([\w-]+))?\)")
_DERIVED_NOTE = re.compile(r'^(\s*)!!! note "Derived on this site"\s*$')


def derivation_anchors(root: Path = ROOT) -> dict[str, set[str]]:
    """``{page name: {explicit anchors}}`` for every page in docs/derivations/."""
    folder = root / DERIVATIONS
    return {
        page.name: set(_EXPLICIT_ANCHOR.findall(page.read_text(encoding="utf-8")))
        for page in sorted(folder.glob("*.md"))
    }


def _defined_tests(path: Path) -> set[str]:
    return set(re.findall(r"^def (test_\w+)\(", path.read_text(encoding="utf-8"), re.MULTILINE))


def check_derivation_page(path: Path, root: Path = ROOT) -> list[SourceError]:
    """A derivation page names, for its results, tests and figures that exist.

    Tests are written ``tests/<file>.py::test_name`` (later names on the same line may be
    just ``test_name``, meaning the same file); figures as **Figure** `module_name`.
    """
    where = shown(path, root)
    lines = path.read_text(encoding="utf-8").split("\n")
    known_figures = set(figure_modules(root))
    problems: list[SourceError] = []
    tests_named = figures_named = 0
    current: Path | None = None
    for number, line in enumerate(lines, 1):
        for match in _CHECKED_TEST.finditer(line):
            tests_named += 1
            current = root / match.group(1)
            if not current.is_file():
                problems.append(
                    SourceError(
                        where,
                        number,
                        f"test file {match.group(1)} does not exist",
                        "name the test module that checks this result",
                    )
                )
                current = None
            elif match.group(2) not in _defined_tests(current):
                problems.append(
                    SourceError(
                        where,
                        number,
                        f"{match.group(1)} has no test named {match.group(2)}",
                        "copy the name of the test function that checks this result",
                    )
                )
        if current is not None:
            for match in _SAME_FILE_TEST.finditer(_CHECKED_TEST.sub("", line)):
                if match.group(1) not in _defined_tests(current):
                    problems.append(
                        SourceError(
                            where,
                            number,
                            f"{shown(current, root)} has no test named {match.group(1)}",
                            "copy the name of the test function that checks this result",
                        )
                    )
        for match in _FIGURE.finditer(line):
            figures_named += 1
            if match.group(1) not in known_figures:
                problems.append(
                    SourceError(
                        where,
                        number,
                        f"unknown figure '{match.group(1)}'",
                        f"figures are the modules in simulations/ ({', '.join(sorted(known_figures))})",
                    )
                )
    if path.name != "index.md" and (not tests_named or not figures_named):
        problems.append(
            SourceError(
                where,
                1,
                "the page names no test or no figure that checks its results",
                "end each result with **Checked by** `tests/<file>.py::test_name`. "
                "**Figure** `module_name`.",
            )
        )
    return problems


def check_derivation_links(path: Path, root: Path = ROOT) -> list[SourceError]:
    """Every link to docs/derivations/ names a page and an anchor that exist, and every
    "Derived on this site" note links to at least one derivation."""
    anchors = derivation_anchors(root)
    where = shown(path, root)
    lines = path.read_text(encoding="utf-8").split("\n")
    problems: list[SourceError] = []
    for number, line in enumerate(lines, 1):
        for match in _DERIVATION_LINK.finditer(line):
            page, anchor = match.group(1), match.group(2)
            if page not in anchors:
                problems.append(
                    SourceError(
                        where,
                        number,
                        f"there is no derivation page {page}",
                        f"the pages are {', '.join(sorted(anchors))}",
                    )
                )
            elif anchor and anchor not in anchors[page]:
                near = difflib.get_close_matches(anchor, sorted(anchors[page]), n=2)
                hint = f"did you mean #{', #'.join(near)}? " if near else ""
                problems.append(
                    SourceError(
                        where,
                        number,
                        f"{page} has no anchor #{anchor}",
                        f"{hint}anchors are written {{#name}} after a heading",
                    )
                )
    for number, line in enumerate(lines, 1):
        opened = _DERIVED_NOTE.match(line)
        if not opened:
            continue
        body = []
        for following in lines[number:]:
            if following.strip() and not following.startswith(opened.group(1) + "    "):
                break
            body.append(following)
        if not any(
            _DERIVATION_LINK.search(b) and _DERIVATION_LINK.search(b).group(2) for b in body
        ):
            problems.append(
                SourceError(
                    where,
                    number,
                    'the "Derived on this site" note links to no derivation',
                    "link the result to its derivation, e.g. "
                    "[the variance decay](../derivations/gaussian-copying.md#variance-decay)",
                )
            )
    return problems


def check_derivations(root: Path = ROOT) -> list[SourceError]:
    """Every derivation page and every link to one, across the site's pages."""
    problems: list[SourceError] = []
    for page in sorted((root / DERIVATIONS).glob("*.md")):
        problems += check_derivation_page(page, root)
    for page in sorted((root / DOCS).rglob("*.md")):
        problems += check_derivation_links(page, root)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.editorial",
        description="Check essays against the house rules; print every problem as file:line.",
    )
    parser.add_argument(
        "essays",
        nargs="*",
        type=Path,
        help="essays to check (default: every essay, and the bibliography)",
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="project root")
    parser.add_argument(
        "--bibliography",
        action="store_true",
        help="check only the bibliography: the .bib file is valid and every record is cited",
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.bibliography:
        problems = check_bibliography(root)
        scope = BIB
    else:
        # Named files (what pre-commit passes) are checked alone; index pages are not essays.
        essays = None
        if args.essays:
            essays = [
                p.resolve() for p in args.essays if p.suffix == ".md" and p.name != "index.md"
            ]
        problems = check_all(root, essays)
        count = len(essay_paths(root) if essays is None else essays)
        scope = f"{count} essay{'s' * (count != 1)}" + (f" and {BIB}" if essays is None else "")
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"\n{len(problems)} editorial problem{'s' * (len(problems) != 1)} in {scope}; "
            "CONTRIBUTING.md explains each rule.",
            file=sys.stderr,
        )
        return 1
    print(f"editorial checks passed: {scope}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
