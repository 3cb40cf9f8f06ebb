"""Links in HTML pages and pagination: pure functions of a parsed page.

The crawler-trap guard that vets the links found here is `newscrawl.discovery.traps`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from newscrawl.discovery._common import resolve_http_url
from newscrawl.discovery.feeds import html_base
from newscrawl.discovery.urls import host_of

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lxml.html import HtmlElement

ASSET_EXTENSIONS = frozenset(
    {
        "jpg", "jpeg", "png", "gif", "webp", "svg", "bmp", "ico", "tif", "tiff", "avif", "heic",
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "rtf", "epub",
        "zip", "rar", "7z", "gz", "tgz", "bz2", "xz", "tar", "exe", "dmg", "apk", "msi", "iso",
        "mp3", "mp4", "m4a", "m4v", "wav", "ogg", "oga", "webm", "avi", "mov", "wmv", "flv",
        "mkv", "css", "js", "json", "woff", "woff2", "ttf", "otf", "eot", "swf", "ics", "vcf",
    }
)  # fmt: skip
"""File extensions of links that are never pages (images, documents, archives, media)."""
MAX_LINK_TEXT = 300
"""Characters of anchor text kept per link."""

_SPACE_RE = re.compile(r"\s+")
_PAGE_PATH_RE = re.compile(r"/(?:page|pages)/(\d{1,9})/?$", re.IGNORECASE)
PAGE_QUERY_KEYS = frozenset({"paged", "page", "pg", "p_page", "pagenum", "page_num"})
_PAGINATION_CONTAINERS = frozenset(
    {
        "pagination",
        "nav-links",
        "page-numbers",
        "pager",
        "paging",
        "wp-pagenavi",
        "nav-previous",
        "nav-next",
    }
)
_NEXT_TEXTS = frozenset(
    {"next", "next page", "older posts", "older entries", "more", "older", "suivant", "weiter",
     "\u00bb", "\u203a", "next \u00bb", "next \u203a", "\u0627\u0644\u062a\u0627\u0644\u064a"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Link:
    """One ``<a href>`` of a page."""

    url: str
    """Absolute http(s) URL, fragment removed (not canonicalised)."""
    text: str
    """Anchor text (or ``title``/image ``alt``), whitespace collapsed, at most 300 chars."""
    rel: str = ""
    """The ``rel`` attribute, lower-cased ('' if none)."""

    @property
    def nofollow(self) -> bool:
        """Say whether the link carries ``rel=nofollow`` (or ``ugc``/``sponsored``)."""
        return bool({"nofollow", "ugc", "sponsored"} & set(self.rel.split()))


def extract_links(tree: HtmlElement, base_url: str) -> list[Link]:
    """Return the page's ``<a href>`` links to http(s) pages, deduplicated, in document order.

    Hrefs are resolved against ``<base href>`` or `base_url`; ``javascript:``, ``mailto:``,
    ``tel:`` and other non-http schemes, bare fragments and links to assets (by extension,
    see `ASSET_EXTENSIONS`) are skipped.
    """
    return [
        Link(url=url, text=_anchor_text(anchor), rel=_rel(anchor))
        for anchor, url in _page_anchors(tree, base_url)
    ]


def link_urls(tree: HtmlElement, base_url: str) -> list[str]:
    """Return the URLs of `extract_links`, without reading the anchors' text and ``rel``."""
    return [url for _, url in _page_anchors(tree, base_url)]


def _page_anchors(tree: HtmlElement, base_url: str) -> Iterator[tuple[Any, str]]:
    """Yield each ``<a>`` to an http(s) page with its URL, the first anchor of each URL."""
    base = html_base(tree, base_url)
    seen: set[str] = set()
    for anchor in _elements(tree, "//a[@href]"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        url = _page_url(href, base)
        if url is None or url in seen:
            continue
        seen.add(url)
        yield anchor, url


def find_pagination(tree: HtmlElement, base_url: str) -> list[str]:
    """Return URLs of further pages of the listing `tree` (next first), without the page itself.

    Sources: ``rel=next`` (``<link>`` and ``<a>``), links inside pagination containers
    (``.pagination``, ``.nav-links``, ``.page-numbers``, ``.pager``, ``.wp-pagenavi`` …), and
    links to ``/page/N`` or ``?paged=N`` of the same listing. Only same-host URLs (``www.``
    ignored) are returned.
    """
    base = html_base(tree, base_url)
    current = _strip_fragment(base_url)
    current_stem = _listing_stem(current)
    found: list[str] = []
    seen = {current}
    containers: dict[Any, bool] = {}

    def add(href: str | None) -> None:
        url = _page_url(href or "", base)
        if url and url not in seen and _same_host(url, current):
            seen.add(url)
            found.append(url)

    for element in _elements(tree, "//link[@href] | //a[@href]"):
        if "next" in _rel(element).split():
            add(element.get("href"))
    for anchor in _elements(tree, "//a[@href]"):
        href = anchor.get("href")
        url = _page_url(href or "", base)
        if url is None:
            continue
        same_listing = (
            _page_number(url) is not None or _anchor_text(anchor).lower() in _NEXT_TEXTS
        ) and _listing_stem(url) == current_stem
        if same_listing or _in_pagination_container(anchor, containers):
            add(href)
    return found


def page_number_from(path: str, query: list[tuple[str, str]]) -> int | None:
    match = _PAGE_PATH_RE.search(path)
    if match:
        return int(match.group(1))
    for key, value in query:
        if key.lower() in PAGE_QUERY_KEYS and value.strip().isdigit():
            return int(value.strip()[:9])
    return None


def _page_number(url: str) -> int | None:
    try:
        parts = urlsplit(url)
        return page_number_from(parts.path, parse_qsl(parts.query))
    except ValueError:
        return None


def _listing_stem(url: str) -> str:
    """Return `url` without its page number (``/page/N`` or ``paged=N``) and fragment."""
    try:
        parts = urlsplit(url)
        path = _PAGE_PATH_RE.sub("/", parts.path)
        query = [
            (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if k.lower() not in PAGE_QUERY_KEYS
        ]  # fmt: skip
    except ValueError:
        return url
    path = path if path.endswith("/") else path + "/"
    query_text = "&".join(f"{k}={v}" for k, v in sorted(query))
    return urlunsplit((parts.scheme.lower(), (parts.hostname or ""), path, query_text, ""))


def _same_host(url: str, other: str) -> bool:
    """Say whether two URLs are on the same host (``www.`` ignored)."""
    return host_of(url) == host_of(other)


def _in_pagination_container(element: Any, known: dict[Any, bool]) -> bool:
    """Say whether one of the 6 nearest ancestors of `element` is a pagination container.

    A container has a class or id among `_PAGINATION_CONTAINERS`, or is a ``<nav>`` whose
    ``aria-label`` says ``pag…``. `known` keeps the answer for each ancestor looked at: the
    links of a page share most of their ancestors.
    """
    node = element
    for _ in range(6):
        node = node.getparent()
        if node is None:
            return False
        is_container = known.get(node)
        if is_container is None:
            names = f"{node.get('class') or ''} {node.get('id') or ''}".lower().split()
            is_container = not _PAGINATION_CONTAINERS.isdisjoint(names) or (
                node.tag == "nav" and "pag" in (node.get("aria-label") or "").lower()
            )
            known[node] = is_container
        if is_container:
            return True
    return False


def _page_url(href: str, base: str) -> str | None:
    lowered = href.strip().lower()
    if lowered.startswith(("javascript:", "mailto:", "tel:", "data:", "sms:", "callto:")):
        return None
    url = resolve_http_url(href, base)
    if url is None or _is_asset(url):
        return None
    return _strip_fragment(url)


def _strip_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _is_asset(url: str) -> bool:
    try:
        path = urlsplit(url).path
    except ValueError:
        return True
    last = path.rsplit("/", 1)[-1]
    if "." not in last:
        return False
    return last.rsplit(".", 1)[-1].lower() in ASSET_EXTENSIONS


def _rel(element: Any) -> str:
    return " ".join((element.get("rel") or "").lower().split())


def _anchor_text(anchor: Any) -> str:
    try:
        text = anchor.text_content()
    except (AttributeError, ValueError):
        text = "".join(anchor.itertext())
    text = _SPACE_RE.sub(" ", text).strip()
    if not text:
        text = anchor.get("title") or ""
        if not text:
            for img in anchor.iter("img"):
                text = img.get("alt") or ""
                if text:
                    break
        text = _SPACE_RE.sub(" ", text).strip()
    return text[:MAX_LINK_TEXT]


def _elements(tree: Any, query: str) -> list[Any]:
    try:
        result = tree.xpath(query)
    except Exception:  # lxml raises a family of errors on odd trees; treat them as "no links"
        return []
    return [item for item in result if isinstance(getattr(item, "tag", None), str)]
