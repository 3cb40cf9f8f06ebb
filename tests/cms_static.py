"""Static-site test beds: Hugo and Pelican sites built from content of their own, served by nginx.

`static_site` writes the same deterministic news content (16 published posts, 2 drafts, 2 plain
pages) in each generator's own format, runs the real generator (Debian's ``hugo`` with a small
hand-made theme written here; Pelican with its bundled ``notmyidea`` theme), starts a real
``nginx`` on 127.0.0.1 whose root is the generated output, and yields a `CmsSite` whose ground
truth comes from the content files and the URLs the generator itself published (Hugo's
``sitemap.xml``, Pelican's ``feeds/all.atom.xml``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import textwrap
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cms_common import CmsSite, Post, path_of

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

GENERATORS = ("hugo", "pelican")
"""The generators `static_site` knows."""

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass(frozen=True)
class Entry:
    """One content file: a post, a draft or a plain page, as written for the generator."""

    slug: str
    title: str
    published: dt.datetime | None
    """Front-matter date with its own UTC offset (None for plain pages)."""
    author: str
    category: str
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]
    kind: str
    """``post``, ``draft`` or ``page``."""


# title, category, tags, author, date (offset as written), paragraphs, kind
_TABLE: tuple[tuple[str, str, tuple[str, ...], str, str, int, str], ...] = (
    ("Council approves budget for road repairs", "Politics", ("budget", "council"),
     "Maria Lopez", "2024-12-12T09:15:00+01:00", 4, "post"),
    ("Night buses return to the harbour line", "Transport", ("buses", "harbour"),
     "Tom Becker", "2025-01-08T18:40:00-05:00", 1, "post"),
    ("Hospital waiting times fall for a third month", "Health", ("hospitals",),
     "Aisha Rahman", "2025-01-27T07:05:00+05:30", 6, "post"),
    ("Flood defences hold as storm hits the coast", "Environment", ("flooding", "harbour"),
     "James Carter", "2025-02-14T22:50:00+00:00", 2, "post"),
    ("Teachers vote on a new contract", "Education", ("schools", "jobs"),
     "Lena Novak", "2025-03-01T00:30:00+02:00", 8, "post"),
    ("Harbour's old warehouses to become housing", "Business", ("housing", "harbour"),
     "Maria Lopez", "2025-03-22T13:00:00-03:00", 3, "post"),
    ("Rail operator promises faster trains by summer", "Transport", ("rail",),
     "Tom Becker", "2025-04-10T06:45:00+09:00", 5, "post"),
    ("Election 2025: candidates debate energy prices", "Politics", ("elections", "energy"),
     "James Carter", "2025-05-03T20:10:00-07:00", 10, "post"),
    ("New clinic opens in the northern valley", "Health", ("hospitals",),
     "Aisha Rahman", "2025-05-29T11:20:00+02:00", 1, "post"),
    ("Solar farm plan divides farmers", "Environment", ("energy",),
     "Lena Novak", "2025-06-18T15:35:00+01:00", 7, "post"),
    ("School meals to be free for younger pupils", "Education", ("schools", "budget"),
     "Maria Lopez", "2025-07-09T08:00:00-04:00", 2, "post"),
    ("Shipping company adds 200 jobs at the port", "Business", ("jobs", "harbour"),
     "Tom Becker", "2025-07-31T23:55:00-05:00", 9, "post"),
    ("Council delays vote on bus fares", "Politics", ("council", "buses"),
     "Aisha Rahman", "2025-08-24T10:30:00+05:30", 3, "post"),
    ("Heatwave warning as temperatures climb", "Environment", ("heatwave",),
     "James Carter", "2025-09-15T14:00:00+03:00", 4, "post"),
    ("Housing prices cool after a busy spring", "Business", ("housing",),
     "Lena Novak", "2025-10-20T09:45:00+00:00", 5, "post"),
    ("New rail timetable brings earlier trains for commuters", "Transport", ("rail",),
     "Maria Lopez", "2025-11-25T17:25:00-08:00", 6, "post"),
    ("Mayor plans a new park on the harbour front", "Politics", ("harbour",),
     "James Carter", "2025-11-02T12:00:00+01:00", 3, "draft"),
    ("Hospital funding row deepens", "Health", ("hospitals",),
     "Tom Becker", "2025-10-01T09:00:00+02:00", 2, "draft"),
)  # fmt: skip

_PAGES = (
    ("About", (
        "The Valley Courier is an independent local newsroom covering the harbour towns and "
        "the farming villages of the northern valley.",
        "Our reporters have covered council meetings, schools, hospitals and the port since "
        "the paper was founded by a group of retired editors.",
    )),
    ("Contact", (
        "Send news tips and corrections to the newsroom by post or by telephone during office "
        "hours.",
        "The newsroom is open from Monday to Friday, and the editor answers letters every week.",
    )),
)  # fmt: skip

_SUBJECTS = (
    "The city council", "Local officials", "The regional health board", "The mayor's office",
    "Residents of the old harbour district", "Farmers in the northern valley",
    "The transport authority",
    "The state university", "Police investigators", "Small business owners", "The fire service",
    "The environmental agency", "Hospital managers", "Parents at the central school",
    "The port authority", "Researchers at the marine institute", "Union representatives",
    "Volunteers from the food bank", "The water company", "Opposition councillors",
)  # fmt: skip
_VERBS = (
    "said", "announced", "warned", "confirmed", "argued", "reported", "insisted",
    "acknowledged", "estimated", "explained", "told reporters", "wrote",
)  # fmt: skip
_WHEN = (
    "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week",
    "earlier this month", "after a long meeting", "in a statement", "at a press conference",
    "in an interview", "late on Sunday", "during a public hearing", "in a letter to residents",
)  # fmt: skip
_CLAIMS = (
    "the new budget would cover repairs to {n} kilometres of road",
    "waiting times had fallen by {p} percent since the spring",
    "about {n} families were still waiting for stable housing",
    "the bridge would reopen to traffic within {p} weeks",
    "ticket prices would rise by {p} cents next year",
    "the flood defences had held during the worst of the storm",
    "{n} new teachers would be hired before the autumn term",
    "the plan still lacked a clear timetable and a budget",
    "the number of visitors had grown by {p} percent",
    "the project had already cost {n} million dollars",
    "more than {n} people had signed a petition against the change",
    "the old warehouses could hold {n} new apartments",
    "the clinic would treat up to {n} patients a day",
    "the harbour had handled {n} ships in the last quarter",
    "the solar panels would supply power to {n} homes",
    "inspectors had found problems at {n} schools",
    "the night service would run every {p} minutes",
    "the company expected to hire {n} workers by the end of the year",
    "the river had risen {n} centimetres above its usual level",
    "the survey had questioned {n} residents across the valley",
)  # fmt: skip
_PEOPLE = (
    "Ruth Alvarez", "Daniel Okafor", "Helen Park", "Marco Rossi", "Priya Nair", "Samuel Greene",
    "Ingrid Holm", "Yusuf Demir", "Claire Dubois", "Peter Walsh", "Nadia Karim", "Owen Hughes",
)  # fmt: skip
_ROLES = (
    "shop owner", "retired nurse", "bus driver", "teacher", "fisherman", "student",
    "farmer", "engineer", "pharmacist", "council clerk", "dock worker", "baker",
)  # fmt: skip
_VIEWS = (
    "the change was long overdue", "nobody had asked the people who live here",
    "the figures did not match what people saw every day", "it was a good start but not enough",
    "the town could not afford another delay", "residents would wait and see what happened next",
    "the money should have gone to the schools first",
    "the decision left the neighbours cautiously hopeful",
)  # fmt: skip
_FOLLOWS = (
    "The decision follows months of debate.", "Critics say the figures are too optimistic.",
    "No date has been set for a final vote.", "A full report is expected in the autumn.",
    "The proposal will be discussed again next month.", "Similar plans failed two years ago.",
    "Officials did not say how the work would be paid for.",
    "The figures have not been independently checked.",
    "Several residents attended the meeting to ask questions.",
    "The next public hearing will take place at the town hall.",
)  # fmt: skip


def slugify(title: str) -> str:
    """Return the URL slug written in both generators' front matter."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower().replace("'", "")).strip("-")


def _sentence(rng: random.Random) -> str:
    form = rng.randrange(4)
    claim = rng.choice(_CLAIMS).format(n=rng.randint(3, 950), p=rng.randint(2, 40))
    if form == 0:
        return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_WHEN)} that {claim}."
    if form == 1:
        source = rng.choice(_SUBJECTS)
        return f"According to {source[0].lower()}{source[1:]}, {claim}."
    if form == 2:
        return (
            f"{rng.choice(_PEOPLE)}, a {rng.choice(_ROLES)} who has lived in the area for "
            f"{rng.randint(2, 60)} years, said {rng.choice(_VIEWS)}."
        )
    return rng.choice(_FOLLOWS)


def paragraphs_for(slug: str, count: int) -> tuple[str, ...]:
    """Return `count` deterministic plain-text paragraphs (no Markdown markup) for `slug`."""
    rng = random.Random(slug)
    return tuple(" ".join(_sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(count))


def entries() -> list[Entry]:
    """Return the site's content: 16 posts, 2 drafts and 2 plain pages, always the same."""
    result = [
        Entry(
            slug=slugify(title),
            title=title,
            published=dt.datetime.fromisoformat(date),
            author=author,
            category=category,
            tags=tags,
            paragraphs=paragraphs_for(slugify(title), count),
            kind=kind,
        )
        for title, category, tags, author, date, count, kind in _TABLE
    ]
    result += [
        Entry(slugify(title), title, None, "", "", (), paragraphs, "page")
        for title, paragraphs in _PAGES
    ]
    return result


def free_port() -> int:
    """Return a TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    proc = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        )


def _published_html(output: Path, base_url: str) -> list[str]:
    """Return the URL of every HTML page and XML document the generator wrote."""
    urls = []
    for path in sorted(output.rglob("*")):
        if path.suffix not in (".html", ".xml"):
            continue
        rel = path.relative_to(output).as_posix()
        if rel == "index.html" or rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        urls.append(base_url + rel)
    return urls


# --- Hugo -------------------------------------------------------------------------------------

_HUGO_CONFIG = """\
baseURL = "{base_url}"
languageCode = "en-us"
title = "The Valley Courier"
theme = "courier"
paginate = 5
timeZone = "Europe/London"

[permalinks]
  posts = "/:year/:month/:slug/"

[taxonomies]
  category = "categories"
  tag = "tags"
  author = "authors"

[params]
  description = "Independent news from the harbour towns and the northern valley."

[[menu.main]]
  name = "Home"
  url = "/"
  weight = 1
[[menu.main]]
  name = "News"
  url = "/posts/"
  weight = 2
[[menu.main]]
  name = "Categories"
  url = "/categories/"
  weight = 3
[[menu.main]]
  name = "About"
  url = "/about/"
  weight = 4
[[menu.main]]
  name = "Contact"
  url = "/contact/"
  weight = 5
"""

_HUGO_LAYOUTS = {
    "_default/baseof.html": """\
        <!DOCTYPE html>
        <html lang="{{ .Site.LanguageCode }}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>
        {{- if .IsHome }}{{ .Site.Title }}{{ else }}{{ .Title }} | {{ .Site.Title }}{{ end -}}
        </title>
        <meta name="description" content="{{ .Site.Params.description }}">
        <link rel="stylesheet" href="{{ "css/style.css" | relURL }}">
        {{ range .AlternativeOutputFormats -}}
        <link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink | safeURL }}"
          title="{{ $.Site.Title }}">
        {{ end -}}
        </head>
        <body>
        <header class="site-header">
          <a class="site-title" href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
          <nav class="site-nav"><ul>
          {{- range .Site.Menus.main }}
            <li><a href="{{ .URL }}">{{ .Name }}</a></li>
          {{- end }}
          </ul></nav>
        </header>
        <div class="wrapper">
        <main class="content">
        {{ block "main" . }}{{ end }}
        </main>
        {{ partial "sidebar.html" . }}
        </div>
        <footer class="site-footer"><p>&copy; The Valley Courier. All rights reserved.</p></footer>
        </body>
        </html>
        """,
    "partials/sidebar.html": """\
        <aside class="sidebar">
          <section class="widget">
            <h2>Recent posts</h2>
            <ul>
            {{- range first 5 (where .Site.RegularPages "Section" "posts") }}
              <li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
            {{- end }}
            </ul>
          </section>
          <section class="widget">
            <h2>Categories</h2>
            <ul>
            {{- range .Site.Taxonomies.categories.Alphabetical }}
              <li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
            {{- end }}
            </ul>
          </section>
          <section class="widget">
            <h2>Tags</h2>
            <p class="tag-cloud">
            {{- range .Site.Taxonomies.tags.Alphabetical }}
              <a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a>
            {{- end }}
            </p>
          </section>
        </aside>
        """,
    "partials/byline.html": """\
        <p class="post-meta">By
        {{- range $i, $name := .Params.authors }}{{ if $i }},{{ end }}
          <a rel="author" href="{{ printf "/authors/%s/" (urlize $name) | relURL }}">
            {{- $name }}</a>
        {{- end }}
          &middot; <time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">
            {{- .Date.Format "January 2, 2006" }}</time>
        </p>
        """,
    "partials/summary.html": """\
        <article class="post-summary">
          <h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
          {{ partial "byline.html" . }}
          <p>{{ .Summary }}</p>
          {{ if .Truncated }}<a class="read-more" href="{{ .RelPermalink }}">Read more</a>{{ end }}
        </article>
        """,
    "partials/pagination.html": """\
        {{ if gt .TotalPages 1 }}
        <nav class="pagination">
          {{ if .HasPrev }}<a rel="prev" href="{{ .Prev.URL }}">&larr; Newer posts</a>{{ end }}
          <span>Page {{ .PageNumber }} of {{ .TotalPages }}</span>
          {{ if .HasNext }}<a rel="next" href="{{ .Next.URL }}">Older posts &rarr;</a>{{ end }}
        </nav>
        {{ end }}
        """,
    "index.html": """\
        {{ define "main" }}
        {{ $paginator := .Paginate (where .Site.RegularPages "Section" "posts") }}
        {{ range $paginator.Pages }}{{ partial "summary.html" . }}{{ end }}
        {{ partial "pagination.html" $paginator }}
        {{ end }}
        """,
    "_default/list.html": """\
        {{ define "main" }}
        <h1 class="list-title">{{ .Title }}</h1>
        {{ $paginator := .Paginate .Pages }}
        {{ range $paginator.Pages }}{{ partial "summary.html" . }}{{ end }}
        {{ partial "pagination.html" $paginator }}
        {{ end }}
        """,
    "_default/terms.html": """\
        {{ define "main" }}
        <h1 class="list-title">{{ .Title }}</h1>
        <ul class="terms">
        {{- range .Data.Terms.Alphabetical }}
          <li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
        {{- end }}
        </ul>
        {{ end }}
        """,
    "_default/single.html": """\
        {{ define "main" }}
        <article class="post">
          <header>
            <h1 class="post-title">{{ .Title }}</h1>
            {{ partial "byline.html" . }}
          </header>
          <div class="post-content">
          {{ .Content }}
          </div>
          <footer class="post-footer">
            {{ with .Params.categories }}<p>Filed under
            {{- range $i, $c := . }}{{ if $i }},{{ end }}
              <a href="{{ printf "/categories/%s/" (urlize $c) | relURL }}">{{ $c }}</a>
            {{- end }}</p>{{ end }}
            {{ with .Params.tags }}<p>Tags:
            {{- range . }}
              <a href="{{ printf "/tags/%s/" (urlize .) | relURL }}">{{ . }}</a>
            {{- end }}</p>{{ end }}
          </footer>
        </article>
        <nav class="post-nav">
          {{ with .NextInSection -}}
          <a rel="prev" href="{{ .RelPermalink }}">&larr; {{ .Title }}</a>
          {{- end }}
          {{ with .PrevInSection -}}
          <a rel="next" href="{{ .RelPermalink }}">{{ .Title }} &rarr;</a>
          {{- end }}
        </nav>
        {{ end }}
        """,
    "page/single.html": """\
        {{ define "main" }}
        <article class="page">
          <h1 class="page-title">{{ .Title }}</h1>
          {{ .Content }}
        </article>
        {{ end }}
        """,
    "404.html": """\
        {{ define "main" }}
        <h1>Page not found</h1>
        <p>Sorry, this page does not exist. Try the <a href="{{ "/" | relURL }}">home page</a>.</p>
        {{ end }}
        """,
}

_HUGO_CSS = """\
body { font-family: Georgia, serif; margin: 0; color: #222; }
.site-header { background: #1d3557; padding: 1em 2em; }
.site-header a { color: #fff; text-decoration: none; }
.site-nav ul { list-style: none; display: flex; gap: 1em; margin: 0; padding: 0; }
.wrapper { display: flex; gap: 2em; max-width: 64em; margin: 0 auto; padding: 1em; }
.content { flex: 3; }
.sidebar { flex: 1; font-size: 0.9em; }
.post-meta { color: #666; font-size: 0.9em; }
.site-footer { text-align: center; color: #666; padding: 2em; }
"""


def _hugo_front_matter(entry: Entry) -> str:
    lines = [f"title: {json.dumps(entry.title)}", f"slug: {json.dumps(entry.slug)}"]
    if entry.kind == "page":
        lines.append("type: page")
    else:
        assert entry.published is not None
        lines += [
            f"date: {entry.published.isoformat()}",
            f"authors: [{json.dumps(entry.author)}]",
            f"categories: [{json.dumps(entry.category)}]",
            f"tags: [{', '.join(json.dumps(t) for t in entry.tags)}]",
        ]
    if entry.kind == "draft":
        lines.append("draft: true")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def build_hugo(directory: Path, base_url: str) -> tuple[Path, list[Post], list[str]]:
    """Generate the Hugo site under `directory`; return its output dir, posts and not-posts."""
    hugo = shutil.which("hugo")
    if hugo is None:
        raise RuntimeError("hugo is not installed (apt-get install -y hugo)")
    source = directory / "hugo"
    theme = source / "themes" / "courier"
    for name, text in _HUGO_LAYOUTS.items():
        path = theme / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    (theme / "static" / "css").mkdir(parents=True)
    (theme / "static" / "css" / "style.css").write_text(_HUGO_CSS)
    (source / "hugo.toml").write_text(_HUGO_CONFIG.format(base_url=base_url))
    content = entries()
    for entry in content:
        folder = source / "content" / ("" if entry.kind == "page" else "posts")
        folder.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(entry.paragraphs) + "\n"
        (folder / f"{entry.slug}.md").write_text(_hugo_front_matter(entry) + body)
    output = directory / "hugo-public"
    env = {**os.environ, "HUGO_CACHEDIR": str(directory / "hugo-cache")}
    _run([hugo, "--source", str(source), "--destination", str(output), "--quiet"], source, env)

    # The post URLs are the ones Hugo put in its own sitemap, found by slug.
    root = ET.parse(output / "sitemap.xml").getroot()
    locs = [el.text or "" for el in root.iter(f"{SM}loc")]
    posts, not_posts = [], []
    for entry in content:
        if entry.kind == "page":
            continue
        assert entry.published is not None
        found = [loc for loc in locs if loc.endswith(f"/{entry.slug}/")]
        if entry.kind == "draft":
            if found:
                raise RuntimeError(f"hugo published the draft {entry.slug}: {found}")
            not_posts.append(f"{base_url}{entry.published:%Y/%m}/{entry.slug}/")
            continue
        if len(found) != 1:
            raise RuntimeError(f"hugo's sitemap.xml has {found} for {entry.slug}")
        posts.append(_post(entry, found[0]))
    return output, posts, not_posts


# --- Pelican ----------------------------------------------------------------------------------

_PELICAN_CONFIG = """\
AUTHOR = "The Harbour Post"
SITENAME = "The Harbour Post"
SITEURL = "{base_url}"
PATH = "content"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"

FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{{slug}}.atom.xml"

CATEGORY_SAVE_AS = "category/{{slug}}.html"
CATEGORIES_SAVE_AS = "categories.html"
TAG_SAVE_AS = "tag/{{slug}}.html"
TAGS_SAVE_AS = "tags.html"
AUTHOR_SAVE_AS = "author/{{slug}}.html"
AUTHORS_SAVE_AS = "authors.html"
ARCHIVES_SAVE_AS = "archives.html"

DEFAULT_PAGINATION = 10
"""


def _pelican_metadata(entry: Entry) -> str:
    lines = [f"Title: {entry.title}", f"Slug: {entry.slug}"]
    if entry.kind != "page":
        assert entry.published is not None
        lines += [
            f"Date: {entry.published.isoformat(' ', 'minutes')}",
            f"Author: {entry.author}",
            f"Category: {entry.category}",
            f"Tags: {', '.join(entry.tags)}",
        ]
    if entry.kind == "draft":
        lines.append("Status: draft")
    return "\n".join(lines) + "\n\n"


def build_pelican(directory: Path, base_url: str) -> tuple[Path, list[Post], list[str]]:
    """Generate the Pelican site under `directory`; return its output dir, posts and not-posts."""
    try:
        import pelican  # noqa: F401 -- only checks that it is installed
    except ImportError as exc:
        raise RuntimeError(
            "pelican is not installed (pip install -r requirements-dev.txt): the test bed needs it"
        ) from exc
    source = directory / "pelican"
    (source / "content" / "pages").mkdir(parents=True)
    site_url = base_url.rstrip("/")
    (source / "pelicanconf.py").write_text(_PELICAN_CONFIG.format(base_url=site_url))
    content = entries()
    for entry in content:
        folder = source / "content" / ("pages" if entry.kind == "page" else "")
        body = "\n\n".join(entry.paragraphs) + "\n"
        (folder / f"{entry.slug}.md").write_text(_pelican_metadata(entry) + body)
    output = directory / "pelican-output"
    _run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(output),
         "-q"],
        source,
    )  # fmt: skip

    # ARTICLE_URL is the default "{slug}.html"; the Atom feed of all posts must agree.
    posts = [_post(e, f"{base_url}{e.slug}.html") for e in content if e.kind == "post"]
    root = ET.parse(output / "feeds" / "all.atom.xml").getroot()
    in_feed = {
        el.get("href", "") for el in root.iter(f"{ATOM}link") if el.get("rel") == "alternate"
    }
    in_feed.discard(site_url + "/")
    if in_feed != {p.url for p in posts}:
        raise RuntimeError(f"pelican's all.atom.xml lists {sorted(in_feed)}")
    not_posts = []
    for entry in content:
        if entry.kind == "draft":
            not_posts.append(f"{base_url}{entry.slug}.html")
    return output, posts, not_posts


def _post(entry: Entry, url: str) -> Post:
    assert entry.published is not None
    return Post(url, entry.title, entry.published, entry.author, entry.paragraphs)


# --- nginx ------------------------------------------------------------------------------------

_NGINX_CONF = """\
{user}
worker_processes 1;
pid "{dir}/nginx.pid";
error_log "{dir}/error.log" warn;
events {{ worker_connections 256; }}
http {{
    types {{
        text/html html;
        text/css css;
        text/plain txt;
        application/xml xml;
        application/javascript js;
        application/json json;
        image/png png;
        image/jpeg jpg;
        image/svg+xml svg;
        image/x-icon ico;
        font/woff2 woff2;
    }}
    default_type application/octet-stream;
    access_log "{dir}/access.log";
    client_body_temp_path "{dir}/temp/body";
    proxy_temp_path "{dir}/temp/proxy";
    fastcgi_temp_path "{dir}/temp/fastcgi";
    uwsgi_temp_path "{dir}/temp/uwsgi";
    scgi_temp_path "{dir}/temp/scgi";
    sendfile on;
    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1;
        root "{root}";
        index index.html;
        {error_page}
    }}
}}
"""


@contextlib.contextmanager
def nginx(root: Path, directory: Path, port: int) -> Iterator[Path]:
    """Serve `root` with a real nginx on 127.0.0.1:`port`; yield its access log; stop it after.

    Everything nginx writes (pid, logs, temp files) stays in `directory`.
    """
    binary = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")
    if binary is None:
        raise RuntimeError("nginx is not installed (apt-get install -y nginx-light)")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "temp").mkdir(exist_ok=True)
    conf = directory / "nginx.conf"
    conf.write_text(_NGINX_CONF.format(
        user="user root;" if os.geteuid() == 0 else "",  # workers must read the 0700 temp dirs
        dir=directory, port=port, root=root,
        error_page="error_page 404 /404.html;" if (root / "404.html").exists() else "",
    ))  # fmt: skip
    stderr = directory / "stderr.log"
    with stderr.open("wb") as sink:
        process = subprocess.Popen(
            [binary, "-p", str(directory), "-e", str(directory / "error.log"), "-c", str(conf),
             "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=sink,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 15
        while True:
            if process.poll() is not None:
                why = stderr.read_text(errors="replace").strip()
                raise RuntimeError(f"nginx exited ({process.returncode}): {why}")
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not listen on 127.0.0.1:{port}")
            time.sleep(0.05)
        yield directory / "access.log"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@contextlib.contextmanager
def static_site(generator: str, directory: Path) -> Iterator[CmsSite]:
    """Generate `generator`'s site in `directory`, serve it with nginx, yield its `CmsSite`."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/"
    build = {"hugo": build_hugo, "pelican": build_pelican}[generator]
    output, posts, drafts = build(directory, base_url)
    post_paths = {path_of(p.url) for p in posts}
    published = [u for u in _published_html(output, base_url) if path_of(u) not in post_paths]
    missing = post_paths - {path_of(u) for u in _published_html(output, base_url)}
    if missing:
        raise RuntimeError(f"{generator} wrote no page for {sorted(missing)}")
    with nginx(output, directory / "nginx", port) as access_log:
        yield CmsSite(
            name=generator, base_url=base_url, posts=posts, not_posts=published + drafts,
            access_log=access_log,
        )  # fmt: skip
