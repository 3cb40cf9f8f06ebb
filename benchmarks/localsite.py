"""A generated news site written to disk and served by nginx on 127.0.0.1, for the benchmarks.

`write_site` writes every page of a deterministic `newscrawl.demo.site.Site` (the ground
truth of the run); `Nginx` serves the directory (needs ``apt-get install -y nginx-light``),
with the content types the site gave each page.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from newscrawl.demo.site import Site

SEED = 20261126
"""The seed of every generated benchmark site."""
LATEST_DAY = date(2026, 11, 26)
"""No benchmark article is dated after this day (the seed's), so none lies after a run's fetch
time: the extractor refuses a future date and falls back to a search that costs ~7x a page."""
EXTENSION_TYPES = {
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".html": "text/html",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_site(n_pages: int, page_kb: int, theme: str, latest: date = LATEST_DAY) -> Site:
    """Return the benchmark `Site` of `n_pages` articles, none dated after `latest`.

    Articles follow each other every 1-5.5 hours (about 7 a day) from the theme's start date;
    a site too long to end by `latest` (a 50,000-article site spans 18 years) starts as many
    whole weeks earlier as it needs. The spacing does not depend on the start and whole weeks
    keep every weekday (which the generated stories mention), so the pages are those of the
    unshifted site with earlier dates; a site that already ends in time is unchanged.
    """
    from newscrawl.demo.site import Site

    def build(start: date | None) -> Site:
        return Site(
            theme=theme,
            n_articles=n_pages,
            seed=SEED,
            page_kb=page_kb,
            sitemap_size=2000,
            start=start,
        )

    site = build(None)
    newest = max(post.published for post in site.posts)
    # Modified dates (up to 5 hours after publication) stay before the fetch time too.
    overrun = (newest + timedelta(days=1)).date() - latest
    if overrun.days <= 0:
        return site
    weeks = -(-overrun.days // 7)
    return build(site.start - timedelta(weeks=weeks))


def write_site(n_pages: int, root: Path, base: str, page_kb: int, theme: str) -> Site:
    """Write every page of a generated site under `root`; return the `Site` (ground truth)."""
    site = make_site(n_pages, page_kb, theme)
    special: dict[str, tuple[str, str]] = {}
    for path in site.paths():
        parts = urlsplit(path)
        if parts.query:  # tracking variants etc.: nginx serves the page of the bare path
            continue
        page = site.get(path, base_url=base)
        if page is None or page.status != 200:
            continue
        ctype = page.content_type.split(";")[0].strip()
        rel = parts.path.lstrip("/")
        if not rel or rel.endswith("/"):
            rel += "index.html"
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.body)
        ext = Path(rel).suffix
        if EXTENSION_TYPES.get(ext) != ctype:
            special[parts.path] = (rel, ctype)
    (root / "_special.json").write_text(json.dumps(special))
    return site


def nginx_conf(root: Path, work: Path, port: int, special: dict[str, list[str]]) -> str:
    exact = "\n".join(
        f"        location = {path} {{ types {{ }} default_type {ctype}; try_files /{rel} =404; }}"
        for path, (rel, ctype) in special.items()
    )
    return f"""
user root;
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    types {{
        text/html html;
        application/xml xml;
        text/plain txt;
    }}
    default_type application/octet-stream;
    charset utf-8;
    charset_types application/xml text/plain application/rss+xml;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ try_files $uri $uri/index.html =404; }}
{exact}
    }}
}}
"""


class Nginx:
    def __init__(self, root: Path, work: Path, port: int) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            sys.exit("nginx not found: apt-get install -y nginx-light")
        special = json.loads((root / "_special.json").read_text())
        conf = work / "nginx.conf"
        conf.write_text(nginx_conf(root, work, port, special))
        self.proc = subprocess.Popen([nginx, "-c", str(conf), "-p", str(work)])
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        sys.exit(f"nginx did not start; see {work}/nginx-error.log")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
