"""A fault-injection news site on 127.0.0.1: every way the hostile web breaks a crawler.

`FaultSite` is a small WordPress-like news site (home page, sitemap index, feed, robots.txt)
whose article URLs each exercise one fault: server errors that clear up (500, 503/429 with
``Retry-After``, timeouts, connection resets, truncated bodies), bad encodings, wrong content
(PDF, image, octet-stream, empty, soft 404), size bombs (a 10 MB page, a gzip bomb, an
endless body), hostile sitemaps (billion laughs, external entities, a million URLs), crawler
traps (calendar, pagination, facets), redirect loops and off-site or private redirects.

`FaultSite.expected` is the ground truth: the articles a correct crawl exports (path ->
`Expected`), and `FaultSite.junk` the paths that must never be exported. The server records
every request (`hits`, `log`) so tests can check what the crawler asked for and when.

Run it by hand: ``python tests/faultserver.py`` prints its URL and serves until Ctrl-C.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import json
import random
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

SITE_NAME = "Fault Times"
_WORDS_TEXT = (
    "government minister council report economy market city water energy school hospital "
    "river bridge road village farmers harvest season rain drought price bread fuel power "
    "station project workers company factory export import trade agreement meeting talks "
    "delegation official statement spokesman president committee parliament session budget "
    "law court judge police security army border region province capital museum festival "
    "heritage ancient temple archaeologists discovery excavation team university students "
    "teachers exam results research scientists study health doctors patients vaccine clinic "
    "children families residents neighbourhood repair reconstruction housing electricity "
    "network internet telephone transport railway airport flights passengers tourism hotel "
    "visitors weather forecast temperature winter summer spring autumn morning evening week "
    "month year announced said added explained confirmed noted stressed opened visited "
    "inspected signed discussed launched completed began continued reached received sent "
    "provided supported improved increased reduced planned expected local national regional "
    "international new old large small important major several many first second third"
)
_AR_WORDS_TEXT = (
    "الحكومة الوزير المجلس التقرير الاقتصاد السوق المدينة المياه الطاقة المدرسة المستشفى "
    "النهر الجسر الطريق القرية المزارعين الحصاد الموسم المطر الأسعار الخبز الوقود الكهرباء "
    "المحطة المشروع العمال الشركة المصنع التصدير التجارة الاتفاق الاجتماع المحادثات الوفد "
    "البيان الرئيس اللجنة البرلمان الجلسة الموازنة القانون المحكمة الأمن الحدود المحافظة "
    "العاصمة المتحف المهرجان التراث الأثري المعبد الفريق الجامعة الطلاب المعلمين الامتحان "
    "النتائج البحث العلماء الصحة الأطباء المرضى اللقاح الأطفال العائلات السكان الحي إصلاح "
    "إعادة الإعمار السكن الشبكة النقل السكك المطار الرحلات السياحة الفندق الزوار الطقس "
    "أعلن قال أضاف أوضح أكد أشار افتتح زار وقع ناقش أطلق استكمل بدأ تابع وصل تلقى أرسل "
    "قدم دعم حسن زاد خفض المحلي الوطني الإقليمي الدولي الجديد الكبير الصغير المهم"
)
WORDS = tuple(_WORDS_TEXT.split())
AR_WORDS = tuple(_AR_WORDS_TEXT.split())
LATIN_SPECIALS = ("café", "Zürich", "naïve", "façade", "Müller", "São Paulo", "crème brûlée")
"""Words in Latin-1/windows-1252 range that a wrong decoding would mangle."""
PUBLISHED = "2026-03-{day:02d}T09:30:00+03:00"
HANG_S = 12.0
"""How long the ``slow-timeout`` case keeps its first request waiting (a client must time out)."""
OLD_ADDRESS = "/2026/03/28/old-address/"
"""Redirects (301) to `MOVED`: the article is exported once, under its final URL."""
MOVED = "/2026/03/28/moved-article/"


@dataclass(frozen=True, slots=True)
class Expected:
    """What the exported article of a fault case must hold."""

    title: str
    phrase: str
    """A phrase of the body that only a correct decoding produces."""
    language: str = "en"


@dataclass
class FaultSite:
    """The routes, the ground truth and the request log of one fault-injection site."""

    private_base: str = ""
    """Base URL of a second ("private") server that must never be reached, if any."""
    crawl_delay: float | None = None
    """``Crawl-delay`` written into robots.txt (none by default)."""
    base: str = ""
    routes: dict[str, Callable[[Handler, int], None]] = field(default_factory=dict)
    expected: dict[str, Expected] = field(default_factory=dict)
    junk: dict[str, str] = field(default_factory=dict)
    """Path -> the case it belongs to, for paths that must never be exported."""
    traps: dict[str, str] = field(default_factory=dict)
    """Path prefix -> trap name."""
    hits: Counter[str] = field(default_factory=Counter)
    log: list[tuple[float, str, str]] = field(default_factory=list)
    """(monotonic time, path with query, User-Agent) of every request, in order."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._build()

    # ------------------------------------------------------------------ pages

    def article(
        self,
        slug: str,
        day: int,
        *,
        title: str | None = None,
        language: str = "en",
        specials: bool = False,
        meta_charset: str | None = None,
        extra_head: str = "",
        extra_body: str = "",
    ) -> tuple[str, Expected]:
        """Return the HTML of a realistic article page and its expected extraction."""
        rng = random.Random(slug)
        vocab = AR_WORDS if language == "ar" else WORDS
        title = title or _sentence(rng, vocab, 8).rstrip(".")
        paras = [
            " ".join(_sentence(rng, vocab, rng.randint(12, 20)) for _ in range(4))
            for _ in range(5)
        ]
        if specials:
            paras[1] = f"In {', '.join(LATIN_SPECIALS)} the prices rose again. " + paras[1]
        phrase = paras[2].split(". ")[1] if ". " in paras[2] else paras[2][:80]
        if language == "ar":
            phrase = " ".join(paras[2].split()[3:9])
        elif specials:
            phrase = ", ".join(LATIN_SPECIALS)
        url = self.base + _article_path(slug, day)
        jsonld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": PUBLISHED.format(day=day),
            "author": {"@type": "Person", "name": "Staff Reporter"},
            "mainEntityOfPage": url,
            "inLanguage": language,
        }
        charset = f'<meta charset="{meta_charset}">' if meta_charset else ""
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
        direction = ' dir="rtl"' if language == "ar" else ""
        page = f"""<!DOCTYPE html>
<html lang="{language}"{direction}><head>{charset}
<title>{html.escape(title)} - {SITE_NAME}</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{html.escape(title)}">
<meta property="article:published_time" content="{PUBLISHED.format(day=day)}">
<link rel="canonical" href="{url}">
<script type="application/ld+json">{json.dumps(jsonld, ensure_ascii=False)}</script>
{extra_head}</head>
<body><header><nav><a href="/">Home</a> <a href="/category/news/">News</a>
<a href="/category/world/">World</a></nav></header>
<main><article class="post">
<h1 class="entry-title">{html.escape(title)}</h1>
<time datetime="{PUBLISHED.format(day=day)}">March {day}, 2026</time>
<div class="entry-content">
{body}
</div></article></main>
{extra_body}
<footer><p>&copy; 2026 {SITE_NAME}. All rights reserved.</p></footer>
</body></html>"""
        return page, Expected(title=title, phrase=phrase, language=language)

    def _build(self) -> None:
        r = self.routes
        day = iter(range(1, 28))

        def good(slug: str, *, encode: Callable[[str], bytes] | None = None,
                 ctype: str = "text/html; charset=utf-8", faults: int = 0,
                 fault: Callable[[Handler, int], None] | None = None,
                 day_: int | None = None, **kwargs: Any) -> str:  # fmt: skip
            d = day_ if day_ is not None else next(day)
            path = _article_path(slug, d)
            lazy: dict[str, bytes] = {}

            def page() -> bytes:
                if "body" not in lazy:
                    text, _ = self.article(slug, d, **kwargs)
                    lazy["body"] = encode(text) if encode else text.encode("utf-8")
                return lazy["body"]

            def handle(h: Handler, hit: int) -> None:
                if fault is not None and hit <= faults:
                    fault(h, hit)
                else:
                    h.send(200, page(), ctype)

            r[path] = handle
            _, expected = self.article(slug, d, **kwargs)
            self.expected[path] = expected
            return path

        # --- articles that must be exported exactly once
        good("plain-article")
        good("flaky-500", faults=1, fault=lambda h, n: h.send(500, b"<h1>Internal error</h1>"))
        good("busy-503", faults=1, fault=lambda h, n: h.send(
            503, b"<h1>Busy</h1>", headers={"Retry-After": "2"}))  # fmt: skip
        good("throttled-429", faults=1, fault=lambda h, n: h.send(
            429, b"<h1>Slow down</h1>",
            headers={"Retry-After": formatdate(time.time() + 2, usegmt=True)}))  # fmt: skip
        good("slow-timeout", faults=1, fault=lambda h, n: h.hang(HANG_S))
        good("connection-reset", faults=1, fault=lambda h, n: h.reset())
        good("truncated-body", faults=1, fault=lambda h, n: h.truncated())
        gz = good("gzip-transfer")
        r[gz] = self._gzip_route(r[gz])
        good("charset-header-only", specials=True, ctype="text/html; charset=windows-1252",
             encode=lambda t: t.encode("cp1252"))  # fmt: skip
        good("charset-meta-only", specials=True, meta_charset="iso-8859-15", ctype="text/html",
             encode=lambda t: t.encode("iso-8859-15"))  # fmt: skip
        good("charset-bom-only", specials=True, ctype="text/html",
             encode=lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"))  # fmt: skip
        good("charset-wrong-label", specials=True, ctype="text/html; charset=iso-8859-1",
             encode=lambda t: t.encode("utf-8"))  # fmt: skip
        good("latin1-labelled-utf8", specials=True, ctype="text/html; charset=utf-8",
             encode=lambda t: t.encode("cp1252"))  # fmt: skip
        good("arabic-windows-1256", language="ar", ctype="text/html; charset=windows-1256",
             encode=lambda t: t.encode("cp1256"))  # fmt: skip
        good("arabic-meta-1256", language="ar", meta_charset="windows-1256", ctype="text/html",
             encode=lambda t: t.encode("cp1256"))  # fmt: skip
        good("mojibake-double-utf8", specials=True, ctype="text/html; charset=utf-8",
             encode=lambda t: _double_utf8(t))  # fmt: skip
        good("ten-megabyte-page", extra_body=_bloat(10 * 1024 * 1024))
        moved = good("moved-article", day_=28)
        r[OLD_ADDRESS] = lambda h, n: h.redirect(moved, 301)

        # --- wrong content: never exported
        junk_day = 1

        def junk(slug: str, case: str, handle: Callable[[Handler, int], None]) -> str:
            nonlocal junk_day
            path = f"/2026/02/{junk_day:02d}/{slug}/"
            junk_day += 1
            r[path] = handle
            self.junk[path] = case
            return path

        octet, _ = self.article("served-as-octet-stream", 1)
        junk("served-as-octet-stream", "html as application/octet-stream",
             lambda h, n: h.send(200, octet.encode(), "application/octet-stream"))  # fmt: skip
        junk("annual-report-pdf", "pdf behind article url",
             lambda h, n: h.send(200, _PDF, "application/pdf"))  # fmt: skip
        junk("pdf-labelled-html", "pdf served as text/html",
             lambda h, n: h.send(200, _PDF, "text/html"))  # fmt: skip
        junk("photo-of-the-day", "image behind article url",
             lambda h, n: h.send(200, _JPEG, "image/jpeg"))  # fmt: skip
        junk("empty-page", "empty 200", lambda h, n: h.send(200, b"", "text/html"))
        junk("blank-page", "200 with no visible text", lambda h, n: h.send(
            200, b"<html><head><title> </title><script>var x=1;</script></head>"
            b"<body>\n  &nbsp; </body></html>", "text/html"))  # fmt: skip
        junk("removed-story", "soft 404", lambda h, n: h.send(200, _soft_404().encode()))
        junk("gone-story", "redirect to a 404 page with status 200",
             lambda h, n: h.redirect("/404/"))  # fmt: skip
        r["/404/"] = lambda h, n: h.send(200, _soft_404("Oops!").encode())
        self.junk["/404/"] = "soft 404 target"
        junk("gzip-bomb", "gzip bomb (256 MB of zeros)", lambda h, n: h.send(
            200, _gzip_bomb(), "text/html", headers={"Content-Encoding": "gzip"}))  # fmt: skip
        junk("endless-body", "24 MB body without Content-Length",
             lambda h, n: h.stream(24 * 1024 * 1024))  # fmt: skip
        loop_a = junk("loop-a", "redirect loop", lambda h, n: h.redirect("/2026/02/12/loop-b/"))
        r["/2026/02/12/loop-b/"] = lambda h, n: h.redirect(loop_a)
        self.junk["/2026/02/12/loop-b/"] = "redirect loop"
        junk_day += 1
        junk("redirect-chain", "endless redirect chain",
             lambda h, n: h.redirect("/chain/1/"))  # fmt: skip
        r["/chain/"] = lambda h, n: h.redirect(f"/chain/{int(h.path.split('/')[2]) + 1}/")
        junk("offsite-redirect", "redirect off-site",
             lambda h, n: h.redirect("http://offsite.invalid/2026/02/16/story/"))  # fmt: skip
        if self.private_base:
            junk("private-redirect", "redirect to a private address",
                 lambda h, n: h.redirect(self.private_base + "/admin/"))  # fmt: skip
        self.junk["/private/2026/03/01/members-only-story/"] = "disallowed by robots.txt"
        r["/private/2026/03/01/members-only-story/"] = lambda h, n: h.send(
            200, self.article("members-only-story", 1)[0].encode()
        )

        # --- listing pages and traps
        r["/"] = lambda h, n: h.send(200, self._home().encode())
        r["/category/news/"] = lambda h, n: h.send(200, self._listing("News", 1).encode())
        r["/category/news/page/"] = lambda h, n: h.send(
            200, self._listing("News", int(h.path.split("/")[4])).encode())  # fmt: skip
        self.traps["/category/news/page/"] = "endless pagination"
        r["/events/"] = lambda h, n: h.send(200, self._calendar(h.path).encode())
        self.traps["/events/"] = "endless calendar"
        r["/shop/"] = lambda h, n: h.send(200, self._facets(h.query).encode())
        self.traps["/shop/"] = "faceted URLs"
        r["/robots.txt"] = lambda h, n: h.send(200, self._robots().encode(), "text/plain")
        r["/feed/"] = lambda h, n: h.send(200, self._feed().encode(), "application/rss+xml")
        r["/sitemap_index.xml"] = lambda h, n: h.send(200, self._index().encode(), "text/xml")
        r["/sitemap-posts.xml"] = lambda h, n: h.send(200, self._posts().encode(), "text/xml")
        r["/sitemap-laughs.xml"] = lambda h, n: h.send(200, _laughs(self.base), "text/xml")
        r["/sitemap-xxe.xml"] = lambda h, n: h.send(200, self._xxe(), "text/xml")
        r["/sitemap-huge.xml.gz"] = lambda h, n: h.send(
            200, _huge_sitemap(self.base), "application/x-gzip")  # fmt: skip

    def _gzip_route(self, inner: Callable[[Handler, int], None]) -> Callable[[Handler, int], None]:
        def handle(h: Handler, hit: int) -> None:
            h.gzip_next = True
            inner(h, hit)

        return handle

    def _home(self) -> str:
        links = [*self.expected, OLD_ADDRESS, *self.junk]
        links = [p for p in links if p not in ("/404/", MOVED)]
        items = "\n".join(f'<li><a href="{p}">{_title_of(p)}</a></li>' for p in links)
        extra = [
            "/category/news/", "/events/2026/03/", "/shop/?color=red",
            "http://offsite.invalid/2026/01/01/elsewhere/",
        ]  # fmt: skip
        if self.private_base:
            extra.append(self.private_base + "/2026/03/01/intranet-story/")
        more = "\n".join(f'<li><a href="{p}">{_title_of(p)}</a></li>' for p in extra)
        return (
            f'<!DOCTYPE html><html lang="en"><head><title>{SITE_NAME}</title>'
            '<link rel="alternate" type="application/rss+xml" href="/feed/">'
            '<meta property="og:type" content="website"></head><body>'
            f"<h1>{SITE_NAME}</h1><ul>{items}</ul><ul>{more}</ul></body></html>"
        )

    def _listing(self, name: str, page: int) -> str:
        nxt = f"/category/news/page/{page + 1}/"
        items = "\n".join(
            f'<li><a href="{p}">{_title_of(p)}</a></li>' for p in list(self.expected)[:5]
        )
        return (
            f"<!DOCTYPE html><html><head><title>{name} - Page {page} - {SITE_NAME}</title>"
            '<meta property="og:type" content="website"></head><body>'
            f"<h1>{name}</h1><ul>{items}</ul>"
            f'<nav class="pagination"><a class="next page-numbers" href="{nxt}">Next</a></nav>'
            "</body></html>"
        )

    def _calendar(self, path: str) -> str:
        parts = [p for p in path.split("/") if p]
        try:
            year, month = int(parts[1]), int(parts[2])
        except (IndexError, ValueError):
            year, month = 2026, 3
        prev_y, prev_m = (year, month - 1) if month > 1 else (year - 1, 12)
        next_y, next_m = (year, month + 1) if month < 12 else (year + 1, 1)
        days = "".join(
            f'<a href="/events/{year}/{month:02d}/{d:02d}/">{d}</a> ' for d in range(1, 29)
        )
        return (
            f"<!DOCTYPE html><html><head><title>Events {year}-{month:02d}</title></head><body>"
            f"<h1>Events calendar</h1><div class='calendar'>{days}</div>"
            f'<a href="/events/{prev_y}/{prev_m:02d}/">&laquo; previous month</a> '
            f'<a href="/events/{next_y}/{next_m:02d}/">next month &raquo;</a></body></html>'
        )

    def _facets(self, query: str) -> str:
        colors = ("red", "green", "blue", "black", "white", "grey", "pink", "brown")
        sizes = ("xs", "s", "m", "l", "xl", "xxl")
        sorts = ("price", "date", "name", "rating")
        rng = random.Random(query)
        links = "".join(
            f'<a href="/shop/?color={rng.choice(colors)}&size={rng.choice(sizes)}'
            f'&sort={rng.choice(sorts)}&page={rng.randint(1, 99)}">filter</a> '
            for _ in range(12)
        )
        return (
            "<!DOCTYPE html><html><head><title>Shop</title></head><body><h1>Shop</h1>"
            f"{links}</body></html>"
        )

    def _robots(self) -> str:
        lines = ["User-agent: *", "Disallow: /private/"]
        if self.crawl_delay is not None:
            lines.append(f"Crawl-delay: {self.crawl_delay}")
        lines.append(f"Sitemap: {self.base}/sitemap_index.xml")
        return "\n".join(lines) + "\n"

    def _feed(self) -> str:
        items = "".join(
            f"<item><title>{html.escape(e.title)}</title><link>{self.base}{p}</link>"
            f"<pubDate>Mon, 02 Mar 2026 09:30:00 +0300</pubDate></item>"
            for p, e in list(self.expected.items())[:6]
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{SITE_NAME}</title><link>{self.base}/</link>{items}</channel></rss>"
        )

    def _index(self) -> str:
        maps = ("sitemap-posts.xml", "sitemap-laughs.xml", "sitemap-xxe.xml")
        maps += ("sitemap-huge.xml.gz",)
        entries = "".join(
            f"<sitemap><loc>{self.base}/{m}</loc><lastmod>2026-03-28</lastmod></sitemap>"
            for m in maps
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}'
            "</sitemapindex>"
        )

    def _posts(self) -> str:
        paths = [*self.expected, *[p for p in self.junk if p.startswith("/2026/")]]
        paths = [p for p in paths if p != MOVED]
        if OLD_ADDRESS in self.routes:
            paths.append(OLD_ADDRESS)
        entries = "".join(
            f"<url><loc>{self.base}{p}</loc><lastmod>2026-03-28T10:00:00+00:00</lastmod></url>"
            for p in paths
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
        )

    def _xxe(self) -> bytes:
        target = (self.private_base or self.base) + "/xxe-fetched"
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            "<!DOCTYPE urlset [\n"
            '  <!ENTITY file SYSTEM "file:///etc/passwd">\n'
            f'  <!ENTITY remote SYSTEM "{target}">\n'
            "]>\n"
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{self.base}/2026/01/01/&file;</loc></url>"
            f"<url><loc>{self.base}/2026/01/02/&remote;</loc></url>"
            "</urlset>"
        ).encode()

    # ------------------------------------------------------------------ dispatch

    def route(self, path: str) -> Callable[[Handler, int], None] | None:
        """Return the handler of `path` (exact, then the longest matching prefix route)."""
        if path in self.routes:
            return self.routes[path]
        for prefix in ("/category/news/page/", "/events/", "/chain/"):
            if path.startswith(prefix):
                return self.routes[prefix]
        return None

    def record(self, path: str, agent: str) -> int:
        """Count a request to `path`; return how many times it was asked for so far."""
        with self.lock:
            self.hits[path] += 1
            self.log.append((time.monotonic(), path, agent))
            return self.hits[path]

    def hits_under(self, prefix: str) -> int:
        """Return the requests made to paths starting with `prefix`."""
        with self.lock:
            return sum(n for p, n in self.hits.items() if p.startswith(prefix))


class Handler(BaseHTTPRequestHandler):
    """Serve one request of a `FaultSite` (HTTP/1.0, one request a connection)."""

    site: FaultSite
    server_version = "FaultServer/1.0"
    gzip_next = False

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    @property
    def query(self) -> str:
        return self.path.partition("?")[2]

    def handle(self) -> None:
        with contextlib.suppress(ConnectionError, TimeoutError):
            super().handle()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        hit = self.site.record(self.path, self.headers.get("User-Agent", ""))
        handle = self.site.route(path) or self.site.route(self.path)
        if path.startswith("/shop/"):
            handle = self.site.routes["/shop/"]
        try:
            if handle is None:
                self.send(404, b"<html><body><h1>404 Not Found</h1></body></html>")
            else:
                handle(self, hit)
        except (BrokenPipeError, ConnectionResetError):
            pass

    # ------------------------------------------------------------------ responses

    def send(
        self,
        status: int,
        body: bytes,
        ctype: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Send a complete response."""
        extra = dict(headers or {})
        if self.gzip_next and "Content-Encoding" not in extra:
            body = gzip.compress(body)
            extra["Content-Encoding"] = "gzip"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in extra.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        """Redirect to `location`."""
        self.send(status, b"", headers={"Location": location})

    def hang(self, seconds: float) -> None:
        """Accept the request and answer nothing for `seconds` (a timeout for the client)."""
        time.sleep(seconds)
        with contextlib.suppress(OSError):
            self.send(503, b"too late")

    def reset(self) -> None:
        """Reset the connection (TCP RST) without answering."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def truncated(self) -> None:
        """Announce a 40 KB body, send half of it, and close."""
        body = b"<html><body>" + b"<p>lorem ipsum dolor sit amet</p>" * 1200
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        self.close_connection = True

    def stream(self, size: int) -> None:
        """Send `size` bytes of HTML without a Content-Length (the client must cut it)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        chunk = b"<p>" + b"endless " * 8000 + b"</p>\n"
        self.wfile.write(b"<html><head><title>Endless</title></head><body>")
        sent = 0
        while sent < size:
            self.wfile.write(chunk)
            sent += len(chunk)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    """A deep accept backlog: the crawler opens many connections at once."""


@contextlib.contextmanager
def serve(site: FaultSite, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve `site` on `host` (a free port) in a thread; yield its base URL."""
    handler = type("BoundHandler", (Handler,), {"site": site})
    server = _Server((host, 0), handler)
    site.base = f"http://{host}:{server.server_address[1]}"
    _gzip_bomb()  # built before serving: building them in a handler thread would hold the GIL
    _huge_sitemap(site.base)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2})
    thread.daemon = True
    thread.start()
    try:
        yield site.base
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def serve_counter(host: str = "127.0.0.2") -> Iterator[tuple[str, Counter[str]]]:
    """Serve a "private" service that answers 200 to everything and counts what it was asked."""
    hits: Counter[str] = Counter()

    class Private(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            hits[self.path] += 1
            body = b"<html><body><h1>internal admin</h1><p>secret</p></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = _Server((host, 0), Private)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------------- helpers


def _article_path(slug: str, day: int) -> str:
    return f"/2026/03/{day:02d}/{slug}/"


def _title_of(path: str) -> str:
    slug = ([p for p in path.split("/") if p] or ["home"])[-1]
    return slug.replace("-", " ").capitalize()


def _sentence(rng: random.Random, vocab: tuple[str, ...] | list[str], n: int) -> str:
    words = [rng.choice(vocab) for _ in range(n)]
    text = " ".join(words)
    return text[:1].upper() + text[1:] + "."


def sloppy_cp1252(data: bytes) -> str:
    """Decode `data` as browsers read windows-1252 (its 5 unassigned bytes as C1 controls)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


def _double_utf8(text: str) -> bytes:
    """Return `text` UTF-8 encoded twice (read as windows-1252 in between): classic mojibake."""
    return sloppy_cp1252(text.encode("utf-8")).encode("utf-8")


def _bloat(size: int) -> str:
    """Return `size` characters of inline script data (a page bloated by embedded state)."""
    row = '{"id": 12345, "kind": "teaser", "blob": "' + "Q" * 200 + '"},\n'
    return "<script>window.__STATE__ = [" + row * (size // len(row)) + "];</script>"


def _soft_404(title: str = "Page not found") -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{title} - {SITE_NAME}</title></head><body>"
        f"<h1>{title}</h1><p>Sorry, the page you were looking for does not exist. "
        "It may have been moved or deleted. Try searching our archive or go back to the "
        "home page to read the latest news from our newsroom and our correspondents.</p>"
        '<ul><li><a href="/">Home</a></li><li><a href="/category/news/">News</a></li></ul>'
        "</body></html>"
    )


_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    + b"stream "
    * 2000
)
_JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + bytes(range(256)) * 40
    + b"\xff\xd9"
)
_CACHE: dict[str, bytes] = {}


def _gzip_bomb(size: int = 256 * 1024 * 1024) -> bytes:
    """Return a gzip stream of `size` zero bytes (about 250 KB for 256 MB)."""
    if "bomb" not in _CACHE:
        comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        chunk = b"\0" * (1024 * 1024)
        parts = [comp.compress(chunk) for _ in range(size // len(chunk))]
        parts.append(comp.flush())
        _CACHE["bomb"] = b"".join(parts)
    return _CACHE["bomb"]


def _laughs(base: str) -> bytes:
    """Return a sitemap with the "billion laughs" entity expansion."""
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE urlset [", ' <!ENTITY lol "lol">']
    lines.append(' <!ENTITY lol1 "' + "&lol;" * 10 + '">')
    for i in range(2, 10):
        lines.append(f' <!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">')
    lines.append("]>")
    lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    lines.append(f"<url><loc>{base}/2026/01/03/&lol9;/</loc></url></urlset>")
    return "\n".join(lines).encode()


def _huge_sitemap(base: str, count: int = 1_000_000) -> bytes:
    """Return a gzipped sitemap of `count` old URLs (lastmod 2001), built once per base URL."""
    key = f"huge:{base}:{count}"
    if key not in _CACHE:
        comp = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        parts = [
            comp.compress(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            )
        ]
        step = 10_000
        for start in range(0, count, step):
            rows = "".join(
                f"<url><loc>{base}/2001/01/01/archived-story-{i}/</loc>"
                "<lastmod>2001-01-01</lastmod></url>\n"
                for i in range(start, min(start + step, count))
            )
            parts.append(comp.compress(rows.encode()))
        parts.append(comp.compress(b"</urlset>\n"))
        parts.append(comp.flush())
        _CACHE[key] = b"".join(parts)
    return _CACHE[key]


if __name__ == "__main__":
    with serve(FaultSite()) as url:
        print(url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


class PoliteSite(FaultSite):
    """A small, well-behaved site whose robots.txt asks for a ``Crawl-delay``.

    Four articles (in the sitemap, the feed and on the home page) and one article under a
    robots.txt-disallowed path; nothing else.
    """

    def _build(self) -> None:
        r = self.routes
        for day in range(1, 5):
            path = _article_path(f"polite-story-{day}", day)
            r[path] = self._page(f"polite-story-{day}", day)
            self.expected[path] = self.article(f"polite-story-{day}", day)[1]
        self.junk["/private/2026/03/09/secret/"] = "disallowed by robots.txt"
        r["/private/2026/03/09/secret/"] = self._page("secret", 9)
        r["/robots.txt"] = lambda h, n: h.send(200, self._robots().encode(), "text/plain")
        r["/"] = lambda h, n: h.send(200, self._small_home().encode())
        r["/feed/"] = lambda h, n: h.send(200, self._feed().encode(), "application/rss+xml")
        r["/sitemap_index.xml"] = lambda h, n: h.send(200, self._posts().encode(), "text/xml")

    def _page(self, slug: str, day: int) -> Callable[[Handler, int], None]:
        return lambda h, n: h.send(200, self.article(slug, day)[0].encode())

    def _small_home(self) -> str:
        paths = [*self.expected, *self.junk]
        links = "".join(f'<li><a href="{p}">{_title_of(p)}</a></li>' for p in paths)
        return (
            f'<!DOCTYPE html><html lang="en"><head><title>{SITE_NAME}</title>'
            '<link rel="alternate" type="application/rss+xml" href="/feed/"></head><body>'
            f"<h1>{SITE_NAME}</h1><ul>{links}</ul></body></html>"
        )
