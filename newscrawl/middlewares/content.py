"""Skip page responses that cannot be articles: binary files, non-HTML, empty pages, soft 404s.

Real sites serve a PDF or an image behind an article-looking URL, HTML as
``application/octet-stream``, empty 200 responses, and "page not found" pages with status
200 (soft 404s). None of them may become an article. This middleware looks at every 200
response to a page request (not robots.txt, sitemaps or feeds) after decompression and raises
`SkippedContent` (an `IgnoreRequest`) for those, counting the reason.

Page requests are recognised by the news spider's ``nc_kind`` meta (``article``, ``listing``,
``canonical``); other requests (robots.txt, sitemaps, feeds, other spiders) pass untouched.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse

from newscrawl.utils.settings import require_enabled

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

PAGE_KINDS = frozenset({"article", "listing", "canonical", "page"})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"PK\x03\x04", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"ID3", "mp3"),
    (b"OggS", "ogg"),
    (b"\x1aE\xdf\xa3", "webm"),
    (b"{\\rtf", "rtf"),
    (b"\xd0\xcf\x11\xe0", "ole"),
)
_BINARY_TYPE_RE = re.compile(
    r"^(image|audio|video|font)/|^application/(pdf|zip|gzip|x-|msword|vnd\.)"
)
_TITLE_RE = re.compile(rb"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_H1_RE = re.compile(rb"<h1[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(rb"<[^>]*>")
_INVISIBLE_RE = re.compile(
    rb"<(script|style|noscript|template|head)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
_BLANK_RE = re.compile(rb"(?:&nbsp;|&#160;|\s)*")
"""Text with nothing visible: `fullmatch` says what removing each of these would (and stops at
the first visible character)."""
_SEP = r"[-|:\u2013\u2014\u00b7\u2022]"
_SOFT404_RE = re.compile(
    # "404", "Error 404", "404 - Page not found | Site", "404 Not Found"
    rf"^\s*(error\s*)?404\s*({_SEP}|$|error\b|not\s+found\b|page\b)|\berror\s*404\b"
    # "Page not found", "Page could not be found", "That page can't be found"
    r"|\bpage\s+(was\s+)?not\s+found\b"
    r"|\b(page|article|post|content|story)\s+(was\s+)?(not|could\s+not\s+be|cannot\s+be"
    r"|can[\u2019']?t\s+be)\s+found\b"
    # "Not Found", "Not found | Site" (a title that is only that), "Nothing found for …"
    r"|^\s*not\s+found\s*([-|\u2013\u2014\u00b7\u2022]\s*[^:]{0,80})?$"
    rf"|^\s*(oops!?\s*)?nothing\s+(was\s+)?found\s*($|{_SEP}|for\b)"
    r"|\bpage\s+(you\s+)?(are|were)\s+looking\s+for\b"
    r"|\bpage\s+(does\s+not|doesn't|no\s+longer)\s+exists?\b"
    r"|\b(page|article|story|post|content)\s+(is\s+)?no\s+longer\s+available\b"
    r"|\bseite\s+nicht\s+gefunden\b|\bpage\s+introuvable\b"
    r"|\bp[a\u00e1]gina\s+no\s+encontrada\b"
    r"|\u0627\u0644\u0635\u0641\u062d\u0629\s+(\u0627\u0644\u0645\u0637\u0644\u0648\u0628\u0629\s+)?"
    r"(\u063a\u064a\u0631\s+(\u0645\u0648\u062c\u0648\u062f\u0629|\u0645\u062a\u0648\u0641\u0631\u0629))",
    re.IGNORECASE,
)
"""Titles and `<h1>` of "not found" pages (headlines merely holding the words do not match)."""
_ERROR_PATH_RE = re.compile(
    r"/(404|error|not[-_]?found|page[-_]not[-_]found)(\.html?|\.php)?/?$", re.IGNORECASE
)
_SNIFF_BYTES = 64 * 1024
_EMPTY_CHECK_BYTES = 16 * 1024


class SkippedContent(IgnoreRequest):
    """A page response that cannot be an article was skipped."""

    def __init__(self, reason: str, url: str) -> None:
        super().__init__(f"skipped {reason} page {url}")
        self.reason = reason


def content_problem(response: Response, request: Request | None = None) -> str | None:
    """Return why `response` (status 200, to a page request) is not a page, or None.

    Reasons: ``binary`` (PDF, image, archive… by magic bytes or type), ``not_html`` (another
    content type, e.g. HTML served as ``application/octet-stream``), ``empty`` (no visible
    text) and ``soft_404`` (a "not found" page with status 200).
    """
    body = response.body
    head = body[:16].lstrip()
    for magic, _name in _BINARY_MAGIC:
        if head.startswith(magic):
            return "binary"
    ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1").split(";")[0]
    ctype = ctype.strip().lower()
    if ctype and _BINARY_TYPE_RE.search(ctype):
        return "binary"
    if ctype and ctype not in HTML_TYPES:
        return "not_html"
    if not ctype and not isinstance(response, TextResponse):
        return "not_html"
    if not body.strip():
        return "empty"
    if len(body) <= _EMPTY_CHECK_BYTES:
        visible = _TAG_RE.sub(b" ", _INVISIBLE_RE.sub(b" ", body))
        if _BLANK_RE.fullmatch(visible):
            return "empty"
    if is_soft_404(response, request):
        return "soft_404"
    return None


def is_soft_404(response: Response, request: Request | None = None) -> bool:
    """Say whether a 200 response is a "not found" page (by its title/h1 or its error URL).

    The URL counts only when `request` (default: ``response.request``) was redirected there.
    """
    request = request if request is not None else response.request
    redirected = bool(request is not None and request.meta.get("redirect_urls"))
    if redirected and _ERROR_PATH_RE.search(response.url.split("?", 1)[0]):
        return True
    head = response.body[:_SNIFF_BYTES]
    for pattern in (_TITLE_RE, _H1_RE):
        match = pattern.search(head)
        if match is None:
            continue
        raw = _TAG_RE.sub(b" ", match.group(1))[:300]
        encoding = response.encoding if isinstance(response, TextResponse) else "utf-8"
        try:
            text = raw.decode(encoding, errors="replace")
        except LookupError:
            text = raw.decode("utf-8", errors="replace")
        if _SOFT404_RE.search(" ".join(text.split())):
            return True
    return False


class ContentFilterMiddleware:
    """Drop page responses that are binary, not HTML, empty or soft 404s, before the spider.

    Settings: NEWSCRAWL_CONTENT_FILTER_ENABLED (default True).
    Stats: newscrawl/content/skipped/{binary,not_html,empty,soft_404}.
    """

    def __init__(self, crawler: Crawler) -> None:
        require_enabled(crawler.settings, "NEWSCRAWL_CONTENT_FILTER_ENABLED")
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        """Return `response`, or raise `SkippedContent` when it cannot be a page."""
        kind = request.meta.get("nc_kind")
        if response.status != 200 or kind not in PAGE_KINDS:
            return response
        reason = content_problem(response, request)
        if reason is None:
            return response
        self.stats.inc_value(f"newscrawl/content/skipped/{reason}")
        logger.info("skipped %s page: %s", reason.replace("_", " "), response.url)
        raise SkippedContent(reason, response.url)
