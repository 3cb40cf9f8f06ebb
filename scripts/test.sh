#!/usr/bin/env bash
# Install everything the test suite needs on a fresh machine, then run the whole suite.
# Used by the README's test command and by .ci/run. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# The real servers the tests start: redis, WordPress (MariaDB, Apache, mod_php), Hugo, nginx;
# the browser the report is opened in (chromium, chromedriver: tests/test_report.py); wget, whose
# WARC files newscrawl import reads (tests/test_archive_import.py).
# php-xml: without SimpleXML, WordPress answers its /wp-sitemap.xml with a 501.
PACKAGES=(redis-server wordpress mariadb-server apache2 libapache2-mod-php php-mysql php-xml hugo
          nginx-light chromium chromium-driver wget)
missing_packages() {
  local cmd php_modules
  for cmd in redis-server mariadbd mariadb-install-db apache2 php hugo nginx chromium chromedriver \
             wget; do
    PATH="$PATH:/usr/sbin:/sbin" command -v "$cmd" >/dev/null 2>&1 || return 0
  done
  [ -e /usr/share/wordpress/wp-load.php ] || return 0
  compgen -G '/usr/lib/apache2/modules/libphp*.so' >/dev/null || return 0
  php_modules="$(php -m 2>/dev/null || true)"
  ! grep -qx mysqli <<<"$php_modules" || ! grep -qx SimpleXML <<<"$php_modules"
}
if missing_packages; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${PACKAGES[@]}" >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${PACKAGES[@]}" >/dev/null
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
