"""The contributor-facing files: YAML that parses, forms GitHub accepts, links that resolve.

CONTRIBUTING.md is read on GitHub and, through pymdownx.snippets, on the site, so it links
to repository files and site pages by absolute address; these tests check that every such
address points at something that exists here.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
REPO = "https://github.com/collapse-provenance/knowledge-base"
SITE = "https://collapse-provenance.github.io/knowledge-base/"
GITHUB = ROOT / ".github"
YAML_FILES = sorted(
    [*GITHUB.rglob("*.yml"), *GITHUB.rglob("*.yaml"), ROOT / ".pre-commit-config.yaml"]
)
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
PR_TEMPLATE = GITHUB / "PULL_REQUEST_TEMPLATE.md"


class _TaggedLoader(yaml.SafeLoader):
    """A safe loader that accepts MkDocs' custom tags (!ENV, !!python/name) as plain values."""


_TaggedLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _on(workflow: dict):
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True.
    return workflow.get("on", workflow.get(True))


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _uses(workflow: dict, action: str) -> list[dict]:
    return [s for s in _steps(workflow) if s.get("uses", "").startswith(f"{action}@")]


def _runs(workflow: dict) -> str:
    return "\n".join(s.get("run", "") for s in _steps(workflow))


# -- YAML -------------------------------------------------------------------------------


def test_the_expected_files_exist():
    names = {p.relative_to(ROOT).as_posix() for p in YAML_FILES}
    assert {
        ".github/ISSUE_TEMPLATE/config.yml",
        ".github/ISSUE_TEMPLATE/correction.yml",
        ".github/ISSUE_TEMPLATE/propose-essay.yml",
        ".github/workflows/deploy.yml",
        ".github/workflows/pr.yml",
        ".pre-commit-config.yaml",
    } <= names
    assert PR_TEMPLATE.is_file() and CONTRIBUTING.is_file()


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_yaml_parses_to_a_mapping(path):
    assert isinstance(_load(path), dict)


def test_mkdocs_yml_parses():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), _TaggedLoader)
    assert isinstance(config, dict) and "nav" in config


# -- issue forms ------------------------------------------------------------------------

FORM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


@pytest.mark.parametrize("name", ["propose-essay.yml", "correction.yml"])
def test_issue_form_follows_the_issue_form_schema(name):
    form = _load(GITHUB / "ISSUE_TEMPLATE" / name)
    assert set(form) <= {"name", "description", "title", "labels", "assignees", "body"}
    assert form["name"].strip() and form["description"].strip()
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids)), "ids must be unique"
    for item in form["body"]:
        assert item["type"] in FORM_TYPES
        attributes = item["attributes"]
        if item["type"] == "markdown":
            assert attributes["value"].strip()
            continue
        assert attributes["label"].strip()
        assert re.fullmatch(r"[A-Za-z0-9_-]+", item["id"])
        if item["type"] == "dropdown":
            options = attributes["options"]
            assert options and all(isinstance(o, str) and o.strip() for o in options)
            assert len(options) == len(set(options))
        if item["type"] == "checkboxes":
            assert all(o["label"].strip() for o in attributes["options"])
    assert any(item["type"] != "markdown" for item in form["body"])


def test_issue_template_config():
    config = _load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert isinstance(config["blank_issues_enabled"], bool)
    for link in config["contact_links"]:
        assert {"name", "url", "about"} <= set(link)
        assert link["url"].startswith("https://")


# -- workflows --------------------------------------------------------------------------


def _check_common_steps(workflow: dict) -> None:
    (checkout,) = _uses(workflow, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0
    (python,) = _uses(workflow, "actions/setup-python")
    assert str(python["with"]["python-version"]) == "3.11"
    assert "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct" in _runs(workflow)
    assert '>> "$GITHUB_ENV"' in _runs(workflow)
    keys = {s["with"]["path"]: s["with"]["key"] for s in _uses(workflow, "actions/cache")}
    assert "hashFiles('requirements.lock')" in keys[".venv"]
    assert "hashFiles('simulations/**', 'provenance/**')" in keys[".cache/figures"]
    # The SOURCE_DATE_EPOCH step comes before anything is built.
    names = [s.get("name", "") for s in _steps(workflow)]
    epoch = next(i for i, n in enumerate(names) if "SOURCE_DATE_EPOCH" in n)
    make = next(i for i, s in enumerate(_steps(workflow)) if s.get("run", "").startswith("make"))
    assert epoch < make


def test_pull_request_workflow_runs_make_test_and_keeps_a_preview():
    workflow = _load(GITHUB / "workflows" / "pr.yml")
    assert "pull_request" in _on(workflow)
    assert workflow["permissions"] == {"contents": "read"}
    _check_common_steps(workflow)
    assert re.search(r"^make test$", _runs(workflow), re.MULTILINE)
    assert "apt-get install" in _runs(workflow) and "chromium" in _runs(workflow)
    (upload,) = _uses(workflow, "actions/upload-artifact")
    assert upload["with"]["path"].rstrip("/") == "site"
    assert upload["with"]["name"] == "site-preview"  # the name CONTRIBUTING.md promises
    assert "`site-preview`" in CONTRIBUTING.read_text()


def test_deploy_workflow_publishes_main_to_pages():
    workflow = _load(GITHUB / "workflows" / "deploy.yml")
    assert _on(workflow)["push"]["branches"] == ["main"]
    _check_common_steps(workflow)
    assert re.search(r"^make editions$", _runs(workflow), re.MULTILINE)  # site, then editions
    (pages_upload,) = _uses(workflow, "actions/upload-pages-artifact")
    assert pages_upload["with"]["path"].rstrip("/") == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


# -- pre-commit -------------------------------------------------------------------------


def test_pre_commit_hooks():
    config = _load(ROOT / ".pre-commit-config.yaml")
    repos = {r["repo"]: r for r in config["repos"]}
    ruff = repos["https://github.com/astral-sh/ruff-pre-commit"]
    locked = re.search(r"^ruff==(\S+)$", (ROOT / "requirements.lock").read_text(), re.M)
    assert locked and ruff["rev"] == f"v{locked.group(1)}", "keep ruff's rev equal to the lock"
    assert {h["id"] for h in ruff["hooks"]} == {"ruff-check", "ruff-format"}
    hooks = {h["id"] for h in repos["https://github.com/pre-commit/pre-commit-hooks"]["hooks"]}
    assert {
        "trailing-whitespace",
        "end-of-file-fixer",
        "check-yaml",
        "check-added-large-files",
        "check-merge-conflict",
    } <= hooks
    entries = {h["id"]: h["entry"] for h in repos["local"]["hooks"]}
    assert entries["editorial"] == ".venv/bin/python -m tools.editorial"
    assert entries["bibliography"] == ".venv/bin/python -m tools.editorial --bibliography"
    re.compile(config["exclude"])


@pytest.mark.parametrize("args", [["--help"], ["--bibliography", "--help"]])
def test_local_hook_commands_start(args):
    proc = subprocess.run(
        [sys.executable, "-m", "tools.editorial", *args], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


# -- CONTRIBUTING.md and its site page --------------------------------------------------

_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _links(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    text = re.sub(r"`[^`\n]*`", "", text)  # links shown as code are examples, not links
    return _LINK.findall(text)


def test_contributing_links_work_on_github_and_on_the_site():
    relative = [u for u in _links(CONTRIBUTING) if not u.startswith(("https://", "#"))]
    assert not relative, f"use absolute addresses (the page is also on the site): {relative}"
    headings = {
        re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
        for h in re.findall(r"^#+ (.+)$", CONTRIBUTING.read_text(), re.MULTILINE)
    }
    for anchor in (u[1:] for u in _links(CONTRIBUTING) if u.startswith("#")):
        assert anchor in headings, f"#{anchor} matches no heading"


def _all_urls() -> list[tuple[str, str]]:
    files = [CONTRIBUTING, PR_TEMPLATE, *GITHUB.rglob("*.yml")]
    return [
        (path.relative_to(ROOT).as_posix(), url)
        for path in files
        for url in re.findall(r"https://[^\s)\"'>`]+", path.read_text(encoding="utf-8"))
    ]


@pytest.mark.parametrize(("source", "url"), _all_urls())
def test_addresses_of_our_repository_and_site_exist(source, url):
    url = url.rstrip(".,;")
    if url.startswith(f"{REPO}/blob/main/") or url.startswith(f"{REPO}/tree/main/"):
        path = ROOT / url.split("/main/", 1)[1]
        assert path.exists(), f"{source}: {url} names {path.relative_to(ROOT)}, which is missing"
    elif url.startswith(f"{REPO}/issues/new?template="):
        form = url.split("template=", 1)[1]
        assert (GITHUB / "ISSUE_TEMPLATE" / form).is_file(), f"{source}: no form {form}"
    elif url.startswith(SITE):
        page = url[len(SITE) :].split("#")[0].strip("/")
        candidates = [ROOT / "docs" / f"{page}.md", ROOT / "docs" / page / "index.md"]
        if not page:
            candidates = [ROOT / "docs" / "index.md"]
        assert any(c.is_file() for c in candidates), f"{source}: {url} is not a page"


def test_contributing_is_published_as_a_site_page():
    text = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    front, body = text.split("---\n")[1:3]
    meta = yaml.safe_load(front)
    assert meta["title"].strip() and 0 < len(meta["description"]) <= 160
    assert body.strip() == '--8<-- "CONTRIBUTING.md"'


def test_pull_request_checklist_is_the_reviewers_checklist():
    # Check boxes in the form; plain bullets in CONTRIBUTING.md, because on the site a
    # check box without a label is an accessibility failure (axe: label).
    items = re.findall(r"^- \[ \] (.+)$", PR_TEMPLATE.read_text(), re.MULTILINE)
    section = CONTRIBUTING.read_text().split("## What reviewers check", 1)[1].split("\n## ")[0]
    checklist = re.findall(r"^- (.+)$", section, re.MULTILINE)
    assert "[ ]" not in section
    assert checklist and set(checklist) <= set(items), (
        "the reviewer checklist in CONTRIBUTING.md and PULL_REQUEST_TEMPLATE.md differ"
    )


def test_make_commands_in_contributing_exist():
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.MULTILINE))
    mentioned = set(re.findall(r"`make ([a-z][\w-]*)", CONTRIBUTING.read_text()))
    missing = sorted(mentioned - targets)
    assert not missing, f"CONTRIBUTING.md documents make {missing}, which the Makefile lacks"
