"""The contributor-facing files: YAML that parses, forms GitHub accepts, links that resolve.

CONTRIBUTING.md is read on GitHub and, through pymdownx.snippets, on the site, so it links
to repository files and site pages by absolute address; these tests check that every such
address points at something that exists here.
"""

from __future__ import annotations

import os
import re
import shutil
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


SETUP = GITHUB / "actions" / "setup" / "action.yml"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
_USES = re.compile(r"^\s*(?:-\s*)?uses:\s*(?P<ref>\S+)(?P<comment>.*)$", re.MULTILINE)


def _check_common_steps(workflow: dict) -> None:
    (checkout,) = _uses(workflow, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0
    assert checkout["with"]["persist-credentials"] is False
    # The shared setup, right after the checkout (it reads files of the repository).
    steps = _steps(workflow)
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert uses.index("./.github/actions/setup") == uses.index("actions/checkout") + 1
    assert "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct" in _runs(workflow)
    assert '>> "$GITHUB_ENV"' in _runs(workflow)
    # The SOURCE_DATE_EPOCH step comes before anything is built.
    names = [s.get("name", "") for s in steps]
    epoch = next(i for i, n in enumerate(names) if "SOURCE_DATE_EPOCH" in n)
    make = next(i for i, s in enumerate(steps) if s.get("run", "").startswith("make"))
    assert epoch < make


def test_the_shared_setup_action_installs_python_the_locked_venv_and_the_test_tools():
    action = _load(SETUP)
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    (python,) = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
    assert str(python["with"]["python-version"]) == "3.11"
    keys = {
        s["with"]["path"]: s["with"]["key"]
        for s in steps
        if s.get("uses", "").startswith("actions/cache@")
    }
    assert "hashFiles('requirements.lock')" in keys[".venv"]
    assert "steps.python.outputs.python-version" in keys[".venv"]
    assert "hashFiles('simulations/**', 'provenance/**')" in keys[".cache/figures"]
    runs = "\n".join(s.get("run", "") for s in steps)
    # Chromium and Java come from the project's own scripts, as in .ci/run and `make test`.
    assert "bash tools/ensure-chromium.sh" in runs and "bash tools/ensure-java.sh" in runs
    assert all(s.get("shell") == "bash" for s in steps if "run" in s)
    ci = (ROOT / ".ci" / "run").read_text()
    assert "tools/ensure-chromium.sh" in ci and "tools/ensure-java.sh" in ci


@pytest.mark.parametrize("path", [*WORKFLOWS, SETUP], ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version_in_a_comment(path):
    found = list(_USES.finditer(path.read_text(encoding="utf-8")))
    assert found, f"{path.name}: no `uses:` at all"
    for m in found:
        ref = m.group("ref")
        if ref.startswith("./"):
            assert (ROOT / ref / "action.yml").is_file(), f"{path.name}: {ref} does not exist"
            continue
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), (
            f"{path.name}: `uses: {ref}` is not pinned to a full commit SHA"
        )
        assert re.fullmatch(r"\s*# v\d+(\.\d+)*", m.group("comment")), (
            f"{path.name}: `uses: {ref}` needs the release in a comment (`# v1.2.3`)"
        )


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_asks_for_its_own_least_permissions(path):
    workflow = _load(path)
    assert workflow["permissions"] == {}, "nothing by default; each job says what it needs"
    for name, job in workflow["jobs"].items():
        assert isinstance(job.get("permissions"), dict), f"{path.name}: job {name} has none"
        writes = {k for k, v in job["permissions"].items() if v == "write"}
        allowed = {"deploy": {"pages", "id-token"}, "attest": {"id-token", "attestations"}}
        assert writes <= allowed.get(name, set()), f"{path.name}: job {name} writes {writes}"


def test_pull_request_workflow_runs_make_test_and_keeps_a_preview():
    workflow = _load(GITHUB / "workflows" / "pr.yml")
    assert "pull_request" in _on(workflow)
    assert workflow["jobs"]["test"]["permissions"] == {"contents": "read"}
    _check_common_steps(workflow)
    (setup,) = [s for s in _steps(workflow) if s.get("uses") == "./.github/actions/setup"]
    assert setup["with"]["test-tools"] == "true"
    assert re.search(r"^make test$", _runs(workflow), re.MULTILINE)
    (upload,) = _uses(workflow, "actions/upload-artifact")
    assert upload["with"]["path"].rstrip("/") == "site"
    assert upload["with"]["name"] == "site-preview"  # the name CONTRIBUTING.md promises
    assert "`site-preview`" in CONTRIBUTING.read_text()


def test_deploy_workflow_builds_attests_and_publishes_main():
    workflow = _load(GITHUB / "workflows" / "deploy.yml")
    assert _on(workflow)["push"]["branches"] == ["main"]
    _check_common_steps(workflow)
    jobs = workflow["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert re.search(r"^make editions$", _runs(workflow), re.MULTILINE)
    (pages_upload,) = _uses(workflow, "actions/upload-pages-artifact")
    assert pages_upload["with"]["path"].rstrip("/") == "site"
    # The attestation covers the artifact Pages publishes and the site's seal files.
    attest = jobs["attest"]
    assert attest["needs"] == "build"
    assert attest["permissions"] == {"id-token": "write", "attestations": "write"}
    (provenance,) = _uses(workflow, "actions/attest-build-provenance")
    subjects = provenance["with"]["subject-path"].split()
    assert subjects[0] == "artifact/artifact.tar"
    assert {Path(s).name for s in subjects[1:]} == {
        "manifest-sha256.txt",
        "provenance-info.txt",
        "tagmanifest-sha256.txt",
    }
    deploy = jobs["deploy"]
    assert deploy["needs"] == ["build", "attest"]  # nothing is published unattested
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


# -- pre-commit -------------------------------------------------------------------------


def test_pre_commit_hooks_are_local_only():
    """Nothing is fetched: every hook runs from the project's .venv (works offline)."""
    config = _load(ROOT / ".pre-commit-config.yaml")
    assert [r["repo"] for r in config["repos"]] == ["local"], "no remote hook repositories"
    hooks = {h["id"]: h for h in config["repos"][0]["hooks"]}
    assert {h["language"] for h in hooks.values()} <= {"system", "pygrep"}
    entries = {name: hook["entry"] for name, hook in hooks.items()}
    assert entries["ruff-check"].startswith(".venv/bin/ruff check")
    assert entries["ruff-format"].startswith(".venv/bin/ruff format")
    assert entries["strip-notebooks"] == ".venv/bin/python tools/strip_notebooks.py"
    assert entries["editorial"] == ".venv/bin/python -m tools.editorial"
    assert entries["bibliography"] == ".venv/bin/python -m tools.editorial --bibliography"
    re.compile(config["exclude"])


def _pre_commit_repo(tmp_path: Path) -> Path:
    """A fresh git repository holding the project's hook config and a link to its .venv."""
    repo = tmp_path / "repo"
    (repo / "tools").mkdir(parents=True)
    (repo / "docs" / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo)
    shutil.copy(ROOT / "tools" / "strip_notebooks.py", repo / "tools")
    (repo / ".venv").symlink_to(ROOT / ".venv")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    return repo


def _run_pre_commit(repo: Path, *files: str) -> subprocess.CompletedProcess:
    home = repo.parent / "pre-commit-home"  # its own cache: proves nothing was downloaded
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        # Any attempt to reach the network fails at once instead of hanging.
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
    }
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    pre_commit = Path(sys.executable).parent / "pre-commit"
    return subprocess.run(
        [str(pre_commit), "run", "--files", *files],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )


def test_notebook_hook_refuses_outputs_and_runs_offline(tmp_path):
    import nbformat

    repo = _pre_commit_repo(tmp_path)
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print(1)")
    cell["outputs"] = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    cell["execution_count"] = 1
    nb.cells = [cell]
    path = repo / "docs" / "notebooks" / "with-outputs.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")

    proc = _run_pre_commit(repo, "docs/notebooks/with-outputs.ipynb", ".pre-commit-config.yaml")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "notebooks stored without outputs" in proc.stdout
    assert "Failed" in proc.stdout and "files were modified by this hook" in proc.stdout
    # The hook cleaned the notebook; a second run passes.
    stored = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    assert stored.cells[0]["outputs"] == [] and stored.cells[0]["execution_count"] is None
    again = _run_pre_commit(repo, "docs/notebooks/with-outputs.ipynb")
    assert again.returncode == 0, again.stdout + again.stderr


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


# -- the Makefile's lint and environment stamp ------------------------------------------


def _make_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Makefile", "pyproject.toml", "requirements.lock"):
        shutil.copy(ROOT / name, project)
    (project / ".venv").symlink_to(ROOT / ".venv")
    return project


def test_make_lint_reports_lint_and_format_problems_in_one_run(tmp_path):
    project = _make_project(tmp_path)
    # One lint problem (an unused import) and one format problem (a missing space) in
    # separate files, so each tool has exactly one thing to say.
    (project / "unused.py").write_text("import os\n")
    (project / "unformatted.py").write_text("x=1\n")
    proc = subprocess.run(
        ["make", "--no-print-directory", "lint"], cwd=project, capture_output=True, text=True
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "F401" in out, out  # ruff check ran
    assert "unformatted.py" in out and "reformat" in out.lower(), out  # and ruff format too


def test_environment_stamp_is_kept_when_the_lock_is_newer_but_the_same(tmp_path):
    project = _make_project(tmp_path)
    # A fresh clone: the lock file is newer than the restored environment's stamp.
    os.utime(project / "requirements.lock")
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", "lint"], cwd=project, capture_output=True, text=True
    )
    assert dry.returncode == 0, dry.stderr
    assert "ruff check" in dry.stdout  # the recipe is shown ...
    assert "setting up" not in dry.stdout, dry.stdout  # ... without rebuilding the .venv


def test_the_lock_pins_every_package_with_hashes_and_make_requires_them():
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", lock.split("\n", 1)[1].strip())
    assert len(entries) > 100
    for entry in entries:
        name = entry.split(" ", 1)[0]
        assert re.fullmatch(r"[A-Za-z0-9._-]+==[^=\s]+", name), f"not an exact pin: {name}"
        hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})\b", entry)
        assert hashes, f"{name} has no SHA-256 hash: run `make lock`"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    venv_recipe = makefile[makefile.index("$(STAMP):") : makefile.index(".PHONY: venv")]
    assert "--require-hashes -r requirements.lock" in venv_recipe
    assert "pip install -qq --disable-pip-version-check --upgrade" not in venv_recipe
    lock_recipe = makefile[makefile.index("lock:") : makefile.index(".PHONY: clean")]
    assert "--generate-hashes" in lock_recipe
