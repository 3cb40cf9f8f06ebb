"""Download robots.txt once per host, not twice: Scrapy's copy answers the spider's request.

Scrapy's `RobotsTxtMiddleware` downloads ``/robots.txt`` before the first request to a host and
keeps only the parsed rules; the spider then asks for the same file for its ``Sitemap:`` lines,
which would download it a second time in every run. This middleware keeps the response to
`RobotsTxtMiddleware`'s download and answers the spider's request for that URL with it, once (a
retry or a later request downloads the file again).

It sits where Scrapy's HTTP cache does, next to the downloader (after ``DownloaderStats``, before
decompression and redirects): it keeps each raw response of the download, redirects included,
and the answer goes through the other middlewares' ``process_response`` as a download would,
with the ``robots-shared`` flag (shown in the "Crawled" log line). Like a cache hit, the
answered request counts in ``downloader/request_count``; the site sees one download. The rules
Scrapy parsed from it (``signals.robots_parsed``) go along in the request's meta
(``RULES_META_KEY``), so the spider reads the ``Sitemap:`` lines without parsing the file again.

Settings: ``NEWSCRAWL_ROBOTS_REUSE_ENABLED``, and ``ROBOTSTXT_OBEY`` (when either is off the
middleware is not configured and the spider downloads robots.txt itself);
``NEWSCRAWL_ROBOTS_REUSE_KEPT`` (responses kept at most for hosts the spider has not asked for
theirs yet; the oldest goes first).
Stats: newscrawl/robots_reuse/answered (requests answered with a kept response).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import ProtegoRobotParser, decode_robotstxt
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.python import to_unicode

from newscrawl.discovery.robots import (
    RULES_META_KEY,
    RobotsInfo,
    crawl_delay,
    parse_rules,
    robots_info,
)

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.robotstxt import RobotParser
    from scrapy.statscollectors import StatsCollector

SHARED_FLAG = "robots-shared"


class RobotsRules(ProtegoRobotParser):
    """Scrapy's Protego parser (``ROBOTSTXT_PARSER``) that also tells what discovery needs.

    The parser Scrapy's ``RobotsTxtMiddleware`` builds for the Allow/Disallow rules; the same
    object answers the crawl delay (``CrawlDelayMiddleware`` reads it from
    ``signals.robots_parsed``) and the sitemaps (`RobotsTxtReuseMiddleware` hands it to the
    spider with the robots.txt response). The body is read up to
    `newscrawl.discovery.robots.MAX_ROBOTS_CHARS` characters and never makes the parse fail;
    ``crawl_delay`` also reads ``Request-rate`` and clamps, as `parse_robots` does.
    """

    def __init__(self, robotstxt_body: bytes, spider: Spider | None) -> None:
        # Not super().__init__: the same decoding, then the bounded parse that never raises.
        self.spider = spider
        self.rp = parse_rules(decode_robotstxt(robotstxt_body, spider))

    def crawl_delay(self, user_agent: str | bytes) -> float | None:
        """Seconds between requests asked of `user_agent`, as in `RobotsInfo.crawl_delay`."""
        return crawl_delay(self.rp, to_unicode(user_agent))

    def info(self, user_agent: str, robots_url: str) -> RobotsInfo:
        """Return what discovery needs from this robots.txt, downloaded from `robots_url`."""
        return robots_info(self.rp, user_agent, robots_url)


class RobotsTxtReuseMiddleware:
    """Answer the spider's robots.txt request with `RobotsTxtMiddleware`'s download of it."""

    def __init__(self, stats: StatsCollector, max_kept: int) -> None:
        self.stats = stats
        self.max_kept = max_kept
        self._kept: dict[str, Response] = {}
        """robots.txt URL -> the response to RobotsTxtMiddleware's request for it, oldest first."""
        self._rules: dict[str, RobotParser] = {}
        """robots.txt URL -> the rules Scrapy parsed from it, while its response is kept."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_ROBOTS_REUSE_ENABLED", True):
            raise NotConfigured
        if not settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        assert crawler.stats is not None
        middleware = cls(crawler.stats, settings.getint("NEWSCRAWL_ROBOTS_REUSE_KEPT", 64))
        crawler.signals.connect(middleware.robots_parsed, signal=signals.robots_parsed)
        return middleware

    def robots_parsed(self, robotparser: RobotParser, request: Request) -> None:
        """Keep the rules parsed from the robots.txt of `request`'s host, if its response is."""
        url = urlparse_cached(request)
        robots_url = f"{url.scheme}://{url.netloc}/robots.txt"
        if robots_url in self._kept:
            self._rules[robots_url] = robotparser

    def process_request(self, request: Request) -> Response | None:
        """Answer a request for a robots.txt just downloaded with the response to it."""
        if _is_robots_middleware_request(request):
            return None
        kept = self._kept.pop(request.url, None)
        if kept is None:
            return None
        self.stats.inc_value("newscrawl/robots_reuse/answered")
        rules = self._rules.pop(request.url, None)
        if rules is not None:
            request.meta[RULES_META_KEY] = rules
        return kept.replace(request=request, flags=[*kept.flags, SHARED_FLAG])

    def process_response(self, request: Request, response: Response) -> Response:
        """Keep the responses to `RobotsTxtMiddleware`'s robots.txt download."""
        if _is_robots_middleware_request(request):
            self._kept[request.url] = response
            while len(self._kept) > self.max_kept:
                self._rules.pop(oldest := next(iter(self._kept)), None)
                del self._kept[oldest]
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        """Forget an earlier answer to a robots.txt download whose retry then failed."""
        if _is_robots_middleware_request(request):
            self._kept.pop(request.url, None)
            self._rules.pop(request.url, None)


def _is_robots_middleware_request(request: Request) -> bool:
    """Tell the request `RobotsTxtMiddleware` makes for robots.txt (or a redirect of it)."""
    return (
        request.callback is NO_CALLBACK
        and bool(request.meta.get("dont_obey_robotstxt"))
        and urlparse_cached(request).path == "/robots.txt"
    )
