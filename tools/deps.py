"""Print the dependencies declared in pyproject.toml, one per line (for `make lock`).

The project is a site, not an installable package, so the lock file is made from the
declared dependencies alone: `pip install -r requirements.lock` reproduces the set.
"""

import sys
import tomllib
from pathlib import Path

project = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))["project"]
deps = list(project["dependencies"])
for extra in sys.argv[1:]:
    deps += project["optional-dependencies"][extra]
print("\n".join(deps))
