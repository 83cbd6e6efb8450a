"""Small site trees and git checkouts shared by the seal, verify and bundle tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

#: 2026-11-25T12:00:00Z
EPOCH = 1795608000
COMMIT = "0123456789abcdef0123456789abcdef01234567"

#: A site in miniature: nested folders, a dotfile, an empty file, a space, non-ASCII.
SMALL_SITE = {
    "index.html": b"<!doctype html><title>Home</title>\n",
    "404.html": b"<p>Not found</p>\n",
    ".nojekyll": b"",
    "assets/logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg"/>\n',
    "essays/copy-of-a-copy/index.html": b"<h1>A copy of a copy</h1>\n",
    "figures/toy.svg": b"<svg><path d='M0 0'/></svg>\n",
    "figures/toy.prov.json": b'{"entity": {}}\n',
    "figures/with space.csv": b"x,y\n1,2\n",
    "figures/caf\u00e9.txt": "d\u00e9j\u00e0 vu\n".encode(),
}


def write_tree(folder: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": f"{EPOCH} +0000",
        "GIT_COMMITTER_DATE": f"{EPOCH} +0000",
    }
    return subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True
    ).stdout
