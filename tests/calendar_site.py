"""A WordPress-style news site whose every page carries an endless calendar widget.

Like the sites of issue 12: a ``<table id="wp-calendar">`` in the sidebar of every page, with
« prev / next » links to ``/calendar/YYYY-MM/`` for any month (months without posts answer
with "Nothing found" and the same widget), a "Log in" link to ``/wp-login.php``, a search form
target ``/?s=``, comment-reply links, a posts sitemap, a feed and paginated listings. No
JSON-LD and no ``og:`` tags. The server counts every request by path (`CalendarSite.hits`).

Run it by hand: ``python tests/calendar_site.py`` prints its URL and serves until Ctrl-C.
"""

from __future__ import annotations

import datetime as dt
import html
import random
import threading
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_WORDS = [
    "council",
    "budget",
    "river",
    "harbour",
    "school",
    "election",
    "market",
    "report",
    "minister",
    "bridge",
    "hospital",
    "festival",
    "drought",
    "farmers",
    "museum",
    "court",
    "railway",
    "energy",
    "water",
    "coast",
    "union",
    "library",
    "storm",
    "plan",
    "vote",
    "city",
    "region",
    "tax",
    "housing",
    "village",
    "police",
    "road",
    "health",
    "science",
    "trade",
    "port",
]


@dataclass(frozen=True)
class Post:
    """One post of the site."""

    slug: str
    title: str
    published: dt.datetime
    paragraphs: tuple[str, ...]

    @property
    def path(self) -> str:
        d = self.published
        return f"/{d:%Y}/{d:%m}/{d:%d}/{self.slug}/"


def build_posts(n: int = 40, *, newest: dt.datetime | None = None) -> list[Post]:
    """Return `n` posts, one every ~6 days back from `newest`, of 1 to 6 paragraphs."""
    newest = newest or dt.datetime(2026, 10, 28, 9, 30, tzinfo=dt.UTC)
    posts = []
    for i in range(n):
        rng = random.Random(i)
        published = newest - dt.timedelta(days=6 * i, hours=i % 5)
        paragraphs = tuple(
            " ".join(
                " ".join(rng.choice(_WORDS) for _ in range(rng.randint(9, 15))).capitalize() + "."
                for _ in range(4)
            )
            for _ in range(1 + i % 6)
        )
        words = rng.sample(_WORDS, 3)
        title = f"{words[0].title()} {words[1]} and the {words[2]}, story {i}"
        posts.append(Post(f"story-{i}-{words[0]}-{words[1]}", title, published, paragraphs))
    return posts


class CalendarSite:
    """The site's pages, served by a thread on 127.0.0.1 (a context manager)."""

    per_page = 10

    def __init__(self, posts: list[Post] | None = None, today: dt.date | None = None) -> None:
        self.posts = posts or build_posts()
        self.today = today or dt.datetime.now(dt.UTC).date()
        self.by_path = {p.path: p for p in self.posts}
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self.base = ""

    # ------------------------------------------------------------------ server

    def __enter__(self) -> CalendarSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with site._lock:
                    site.hits[self.path] += 1
                status, ctype, body = site.page(self.path)
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    def calendar_hits(self) -> int:
        """Return how many requests went to ``/calendar/…`` pages."""
        with self._lock:
            return sum(n for path, n in self.hits.items() if path.startswith("/calendar/"))

    def calendar_paths(self) -> set[str]:
        """Return the ``/calendar/…`` paths requested."""
        with self._lock:
            return {path for path in self.hits if path.startswith("/calendar/")}

    # ------------------------------------------------------------------ pages

    def page(self, path: str) -> tuple[int, str, str]:
        """Return (status, content type, body) of `path`."""
        if path == "/robots.txt":
            return 200, "text/plain", f"User-agent: *\nSitemap: {self.base}/wp-sitemap.xml\n"
        if path == "/wp-sitemap.xml":
            return 200, "application/xml", self._sitemap_index()
        if path == "/wp-sitemap-posts-post-1.xml":
            return 200, "application/xml", self._posts_sitemap()
        if path == "/feed/":
            return 200, "application/rss+xml", self._feed()
        if path == "/":
            return 200, "text/html", self._listing(self.posts[: self.per_page], 1, self.today)
        if path.startswith("/page/"):
            number = int(path.strip("/").split("/")[-1])
            chunk = self.posts[(number - 1) * self.per_page : number * self.per_page]
            if chunk:
                return 200, "text/html", self._listing(chunk, number, self.today)
        if path.startswith("/calendar/"):
            try:
                month = dt.date.fromisoformat(path.strip("/").split("/")[-1] + "-01")
            except ValueError:
                month = None
            if month is not None:
                return 200, "text/html", self._month(month)
        post = self.by_path.get(path.split("?")[0])
        if post is not None:
            return 200, "text/html", self._post(post)
        return 404, "text/html", self._layout("Page not found", "<p>Nothing here.</p>", self.today)

    def _sitemap_index(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
            'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>'
            f"{self.base}/wp-sitemap-posts-post-1.xml</loc></sitemap></sitemapindex>"
        )

    def _posts_sitemap(self) -> str:
        urls = "".join(
            f"<url><loc>{self.base}{p.path}</loc><lastmod>{p.published.isoformat()}</lastmod></url>"
            for p in self.posts
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><urlset '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        )

    def _feed(self) -> str:
        items = "".join(
            f"<item><title>{html.escape(p.title)}</title><link>{self.base}{p.path}</link>"
            f"<pubDate>{p.published:%a, %d %b %Y %H:%M:%S +0000}</pubDate></item>"
            for p in self.posts[:10]
        )
        return (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Calendar Times</title>'
            f"<link>{self.base}/</link>{items}</channel></rss>"
        )

    def _calendar(self, month: dt.date) -> str:
        prev_month = (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        next_month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        days = "".join(
            f"<td>{d}</td>" for d in range(1, 29)
        )  # days without links: posts are reached through the month page
        return (
            '<div class="widget widget_calendar"><table id="wp-calendar"><caption>'
            f"{month:%B %Y}</caption><tbody><tr>{days}</tr></tbody><tfoot><tr>"
            f'<td id="prev"><a href="{self.base}/calendar/{prev_month:%Y-%m}/">&laquo; '
            f'{prev_month:%b}</a></td><td id="next"><a href="{self.base}/calendar/'
            f'{next_month:%Y-%m}/">{next_month:%b} &raquo;</a></td></tr></tfoot></table></div>'
        )

    def _layout(self, title: str, main: str, month: dt.date) -> str:
        recent = "".join(
            f'<li><a href="{self.base}{p.path}">{html.escape(p.title)}</a></li>'
            for p in self.posts[:5]
        )
        return (
            f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>"
            f"{html.escape(title)} &#8211; Calendar Times</title>"
            f'<link rel="alternate" type="application/rss+xml" href="{self.base}/feed/">'
            f"</head><body><header><a href='{self.base}/'>Calendar Times</a>"
            f"<form action='{self.base}/' method='get'><input name='s'></form></header>"
            f"<div id='content'><main id='main' class='site-main'>{main}</main>"
            f"<aside id='sidebar'><ul class='recent'>{recent}</ul>{self._calendar(month)}"
            f"<a href='{self.base}/wp-login.php'>Log in</a>"
            f"<a href='{self.base}/?s=council'>Search council</a></aside></div>"
            "<footer><p>Proudly powered by a calendar.</p></footer></body></html>"
        )

    def _teasers(self, posts: list[Post]) -> str:
        return "".join(
            f'<article class="post"><h2 class="entry-title"><a href="{self.base}{p.path}">'
            f"{html.escape(p.title)}</a></h2><time datetime='{p.published.isoformat()}'>"
            f"{p.published:%B %d, %Y}</time><p>{html.escape(p.paragraphs[0][:120])}</p></article>"
            for p in posts
        )

    def _listing(self, posts: list[Post], number: int, month: dt.date) -> str:
        more = len(self.posts) > number * self.per_page
        nav = (
            f'<div class="nav-links"><a class="next page-numbers" href="{self.base}/page/'
            f'{number + 1}/">Older posts</a></div>'
            if more
            else ""
        )
        return self._layout("Home", self._teasers(posts) + nav, month)

    def _month(self, month: dt.date) -> str:
        posts = [p for p in self.posts if (p.published.year, p.published.month) == (
            month.year, month.month)]  # fmt: skip
        title = f"Month: {month:%B %Y}"
        main = f"<h1 class='page-title'>{title}</h1>" + (
            self._teasers(posts) if posts else "<p>Nothing found.</p>"
        )
        return self._layout(title, main, month)

    def _post(self, post: Post) -> str:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in post.paragraphs)
        reply = (
            f'<a class="comment-reply-link" href="{self.base}{post.path}?replytocom=7">Reply</a>'
        )
        main = (
            f"<article class='post'><h1 class='entry-title'>{html.escape(post.title)}</h1>"
            f"<div class='entry-meta'>Posted on <time class='entry-date published' datetime='"
            f"{post.published.isoformat()}'>{post.published:%B %d, %Y}</time> by "
            f"<span class='author vcard'>Sam Writer</span></div>"
            f"<div class='entry-content'>{body}</div></article>"
            f"<div id='comments'><ol class='comment-list'><li class='comment'><p>Nice.</p>"
            f"{reply}</li></ol></div>"
        )
        return self._layout(post.title, main, post.published.date())


def main() -> None:  # pragma: no cover - manual use
    """Serve the site until interrupted."""
    with CalendarSite() as site:
        print(site.base, flush=True)
        threading.Event().wait()


if __name__ == "__main__":  # pragma: no cover
    main()
