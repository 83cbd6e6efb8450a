#!/usr/bin/env bash
# Browser tests run in Debian's Chromium. Never skip them for a missing browser:
# install it when we can (root), otherwise stop and say exactly what to run.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then
  echo "→ installing Debian's chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  echo "→ $(/usr/bin/chromium --version)"
else
  echo "error: the browser tests need Chromium at /usr/bin/chromium. Install it with:" >&2
  echo "  sudo apt-get install -y chromium" >&2
  exit 1
fi
