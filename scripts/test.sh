#!/usr/bin/env bash
# Install everything the test suite needs on a fresh machine, then run the whole suite.
# Used by the README's test command and by .ci/run. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
# pip 23's resolver trips over lxml[html-clean] extras (newspaper4k); a current pip does not.
.venv/bin/pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt -e .

export PATH="$PWD/.venv/bin:$PATH"
.venv/bin/ruff check -q newscrawl tests benchmarks
.venv/bin/mypy --no-error-summary
exec .venv/bin/python -m pytest "$@"
