"""The ``news`` spider: discover article URLs and hand each page to extraction (routing only).

Arguments: ``url`` (any news site) or ``site`` (profile name or YAML path), and optionally
``since``/``until`` (YYYY-MM-DD) and ``max_articles``.

Settings: NEWSCRAWL_DISCOVERY_* (bounds on sitemaps, pagination, depth and faceted URLs). The
spider publishes its arguments as the run context settings (`newscrawl.addons.run_context`).

Candidate article URLs are those a site lists as posts (a posts or Google News sitemap, a
feed item: request hint ``listed``), those of a profile's article patterns, and links whose
shape is an article's. A candidate fetched that does not come out as an article is counted
and logged once at INFO with its reason (``newscrawl/not_exported/not_article``).

Listing pages feed a `YieldLedger`: a URL family (``/calendar/{y}-{m}/``) whose last
NEWSCRAWL_DISCOVERY_BARREN_PAGES pages gave no new article URL (first met in this run, and
not exported by an earlier run of the site's state) is followed no further
(``skipped/trap/barren_family``); the article dates seen (sitemaps, feeds, articles) bound the
date archives followed (``skipped/trap/outside_span``, NEWSCRAWL_DISCOVERY_ARCHIVE_MARGIN_DAYS).
The families fetched, with their pages and yield, are the stat newscrawl/discovery/families
(and the run manifest's ``discovery``). Each listing analysed is announced with the
`newscrawl.spiders.signals.listing_analysed` signal, and so is each feed read.

Stats: newscrawl/spider/{robots,sitemaps,feeds,pages,articles,listings,other_pages} and
newscrawl/spider/skipped/{not_html,out_of_window,offsite,denied,trap/<reason>,canonical_redirect,
sitemap_overflow,ignored,duplicate}, newscrawl/spider/errors/{analysis,<request kind>},
newscrawl/not_exported/not_article, newscrawl/discovery/families.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from typing import TYPE_CHECKING, Any, TypeAlias

import scrapy
from scrapy.http import TextResponse

from newscrawl.discovery.families import YieldLedger
from newscrawl.discovery.feeds import FALLBACK_FEED_PATHS, FeedEntry, parse_feed
from newscrawl.discovery.robots import RULES_META_KEY, RobotsInfo, parse_robots
from newscrawl.discovery.sitemaps import (
    FALLBACK_SITEMAP_PATHS,
    SitemapDocument,
    parse_sitemap,
    sitemap_role,
)
from newscrawl.discovery.traps import TrapGuard
from newscrawl.discovery.urls import canonicalize_url, host_of, root_of
from newscrawl.discovery.urlshape import url_kind
from newscrawl.middlewares.robots import RobotsRules
from newscrawl.run.ledger import ledger_of
from newscrawl.runtime.pool import build_analyzer
from newscrawl.spiders.arguments import CrawlTarget, parse_crawl_arguments, publish_target
from newscrawl.spiders.errors import failure_stat
from newscrawl.spiders.recent import RecentUrls
from newscrawl.spiders.signals import listing_analysed
from newscrawl.utils.stats import StatsCounter

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator
    from typing import Self

    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

    from newscrawl.runtime.analysis import PageAnalysis
    from newscrawl.runtime.pool import Analyzer

logger = logging.getLogger(__name__)

_RECENT_URLS = 20_000
"""URLs the spider remembers as requested, per generation (it keeps two: at most 40,000)."""
Hints: TypeAlias = "dict[str, str] | None"
"""What a sitemap or feed said of a URL (``origin``, ``listed``, ``published``, ``title``…)."""
PRIORITY = {"robots": 100, "sitemap": 50, "feed": 50, "article": 20, "canonical": 30, "listing": 0}


class NewsSpider(scrapy.Spider):
    """Crawl a news site through robots.txt, sitemaps, feeds and listing pages."""

    name = "news"
    target: CrawlTarget
    analyzer: Analyzer
    traps: TrapGuard
    yields: YieldLedger
    max_sitemap_urls: int
    max_listing_depth: int
    follow_links: bool
    refresh: bool
    """NEWSCRAWL_STATE_REFRESH: articles exported before count as new again."""
    _requested: RecentUrls | None
    """Canonical URLs requested lately. A link without sitemap or feed hints to one of them is
    skipped (``skipped/duplicate``) before a request is built and dropped by the dupefilter:
    listing pages link the same articles over and over (20 times per article on the
    benchmark's WordPress site, 1.5 ms of the crawl process per article). None with
    DEPTH_LIMIT on (a deeper copy of a link may be dropped where a shallower one is not)."""
    _links: RecentUrls | None
    """Links of listing pages met lately, as found (``a <url>`` for article links,
    ``l<listing depth> <url>`` for listing links), with why they were skipped the next time."""
    _site_hosts: tuple[str, ...]
    _inc: StatsCounter  # newscrawl/spider/<key>
    _inc_lost: StatsCounter  # newscrawl/not_exported/<reason>
    _article_urls: RecentUrls
    """Article URLs the crawl has met lately (sitemaps, feeds, links), whatever became of
    them: a listing's link to one of these is not a new article for its family's yield."""

    def __init__(
        self,
        url: str | None = None,
        site: str | None = None,
        since: str | None = None,
        until: str | None = None,
        max_articles: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.target = parse_crawl_arguments(url, site, since, until, max_articles)
        profile = self.target.profile
        self.site_name = profile.name
        self.allowed_domains = list(profile.allowed_domains)
        self._site_hosts = tuple(host_of(f"http://{d}/") for d in profile.allowed_domains)
        self._requested = self._links = None
        self._article_urls = RecentUrls(_RECENT_URLS)
        # profile.crawl_delay is applied by newscrawl.middlewares.crawl_delay (Scrapy >= 2.14
        # no longer reads a spider instance's download_delay)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.traps = TrapGuard(
            max_pagination=settings.getint("NEWSCRAWL_DISCOVERY_MAX_PAGINATION"),
            max_query_variants=settings.getint("NEWSCRAWL_DISCOVERY_MAX_QUERY_VARIANTS"),
            max_depth=settings.getint("NEWSCRAWL_DISCOVERY_MAX_LISTING_DEPTH"),
            since=spider.target.since.date() if spider.target.since else None,
            span_margin_days=settings.getint("NEWSCRAWL_DISCOVERY_ARCHIVE_MARGIN_DAYS"),
        )
        spider.yields = YieldLedger(settings.getint("NEWSCRAWL_DISCOVERY_BARREN_PAGES"))
        spider._inc = StatsCounter(crawler, "newscrawl/spider")
        spider._inc_lost = StatsCounter(crawler, "newscrawl/not_exported")
        spider.max_sitemap_urls = settings.getint("NEWSCRAWL_DISCOVERY_MAX_SITEMAP_URLS")
        spider.max_listing_depth = settings.getint("NEWSCRAWL_DISCOVERY_MAX_LISTING_DEPTH")
        spider.follow_links = settings.getbool("NEWSCRAWL_DISCOVERY_FOLLOW_LINKS")
        spider.refresh = settings.getbool("NEWSCRAWL_STATE_REFRESH")
        remember = settings.getint("DEPTH_LIMIT") == 0
        spider._requested = RecentUrls(_RECENT_URLS) if remember else None
        spider._links = RecentUrls(_RECENT_URLS) if remember else None
        if not settings.frozen:  # a crawler made for one component's test has them frozen
            publish_target(settings, spider.target)
        return spider

    # ------------------------------------------------------------------ start

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Request robots.txt and the home page of each start URL, then sitemaps and feeds."""
        profile = self.target.profile
        # Built when the crawl starts (worker processes and stats exist from then on).
        self.analyzer = build_analyzer(self.crawler, profile)
        for start_url in profile.start_urls:
            yield self._request(root_of(start_url) + "robots.txt", "robots", self.parse_robots)
            yield self._request(start_url, "listing", self.parse_page, depth=0)
        for sitemap in profile.sitemaps:
            yield self._request(sitemap, "sitemap", self.parse_sitemap)
        for feed in profile.feeds:
            yield self._request(feed, "feed", self.parse_feed)

    # ------------------------------------------------------------------ callbacks

    def parse_robots(self, response: scrapy.http.Response) -> Iterator[scrapy.Request]:
        """Follow robots.txt ``Sitemap:`` lines, or the usual sitemap paths when there are none."""
        self._inc("robots")
        agent = self.settings.get("USER_AGENT", "")
        rules = response.meta.get(RULES_META_KEY)
        if response.status != 200:
            info = RobotsInfo()
        elif isinstance(rules, RobotsRules):  # parsed once, for the Allow/Disallow rules
            info = rules.info(agent, response.url)
        else:
            text = response.text if isinstance(response, TextResponse) else ""
            info = parse_robots(text, agent, robots_url=response.url)
        sitemaps = [u for u in info.sitemaps if self._on_site(u)]
        guessed = not sitemaps and not self.target.profile.sitemaps
        if guessed:
            root = root_of(response.url)
            sitemaps = [root + path.lstrip("/") for path in FALLBACK_SITEMAP_PATHS]
        for url in sitemaps:
            request = self._request(url, "sitemap", self.parse_sitemap)
            if guessed:
                request.meta["nc_guessed"] = True
            yield request

    async def parse_sitemap(self, response: scrapy.http.Response) -> AsyncIterator[scrapy.Request]:
        """Follow a sitemap index, or request the article candidates of a urlset.

        The document is parsed in a thread: a sitemap of a million URLs must not stall the
        downloads in flight.
        """
        if response.status != 200:
            return
        self._inc("sitemaps")
        doc = await asyncio.to_thread(
            parse_sitemap, response.body, response.url, self.max_sitemap_urls
        )
        for request in self._sitemap_requests(doc, sitemap_role(response.url)):
            yield request

    def _sitemap_requests(self, doc: SitemapDocument, role: str) -> Iterator[scrapy.Request]:
        """Yield the requests of a sitemap's entries; `role` is its `sitemap_role`.

        Entries of a sitemap of posts, and Google News entries, are listed posts; those of a
        sitemap of pages, taxonomies or authors are requested as listings (what they are, or
        pages that are neither), not as candidate articles.
        """
        if doc.dropped:
            self._inc("skipped/sitemap_overflow", doc.dropped)
        for entry in doc.entries:
            if not self._on_site(entry.loc):
                self._inc("skipped/offsite")
                continue
            if doc.kind == "index":
                if self.target.before_since(entry.lastmod):
                    self._inc("skipped/out_of_window")
                    continue
                lastmod = {"lastmod": entry.lastmod.isoformat()} if entry.lastmod else None
                yield self._request(entry.loc, "sitemap", self.parse_sitemap, hints=lastmod)
                continue
            published = entry.news_published
            if self.target.outside_window(published) or self.target.before_since(entry.lastmod):
                self._inc("skipped/out_of_window")
                continue
            if role == "other" and not published:
                yield from self._follow(entry.loc, "listing", depth=1)
                continue
            self._note_date(published or entry.lastmod)
            hints = {"origin": "sitemap"}
            if role == "posts" or published:
                hints["listed"] = "post"
            if published:
                hints["published"] = published.isoformat()
            if entry.news_title:
                hints["title"] = entry.news_title
            if entry.lastmod:
                hints["modified"] = entry.lastmod.isoformat()
            yield from self._follow(entry.loc, "article", depth=1, hints=hints)

    async def parse_feed(self, response: scrapy.http.Response) -> AsyncIterator[scrapy.Request]:
        """Request the articles an RSS or Atom feed lists (parsed in a thread)."""
        if response.status != 200:
            return
        self._inc("feeds")
        entries = await asyncio.to_thread(parse_feed, response.body, response.url)
        for request in self._feed_requests(entries, response.url):
            yield request

    def _feed_requests(self, entries: list[FeedEntry], feed_url: str) -> Iterator[scrapy.Request]:
        """Yield the requests of a feed's items; note the feed's yield for its URL family.

        Feeds of categories, tags and authors (``/tag/{slug}/feed/``) list articles the site's
        main feed and sitemaps already gave: a family of them that stopped giving new article
        URLs is fetched no further, like a family of listing pages.
        """
        new_urls: list[str] = []
        for entry in entries:
            if self.target.outside_window(entry.published):
                self._inc("skipped/out_of_window")
                continue
            self._note_date(entry.published)
            hints = {"origin": "feed", "listed": "post"}
            if entry.published:
                hints["published"] = entry.published.isoformat()
            if entry.title:
                hints["title"] = entry.title
            fresh = canonicalize_url(entry.link) not in self._article_urls
            for request in self._follow(entry.link, "article", depth=1, hints=hints):
                if fresh:
                    new_urls.append(request.url)
                yield request
        new_articles = self._count_new(new_urls)
        self.yields.record(feed_url, new_articles)
        self.crawler.signals.send_catch_log(
            listing_analysed, url=feed_url, new_articles=new_articles
        )

    async def parse_page(self, response: scrapy.http.Response) -> AsyncIterator[Any]:
        """Export the page if it is an article; follow its links if it is a listing."""
        self._inc("pages")
        if not isinstance(response, TextResponse):
            self._inc("skipped/not_html")
            return
        meta = response.meta
        fetched_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        try:
            page = await self.analyzer.analyze(
                response.body, response.url, response.encoding, meta.get("nc_hints"), fetched_at
            )
        except Exception:
            self._inc("errors/analysis")
            logger.warning("could not analyse %s", response.url, exc_info=True)
            return
        for output in self._route(response, page):
            yield output

    def _route(self, response: scrapy.http.Response, page: PageAnalysis) -> Iterator[Any]:
        """Yield the article of an article page, or the links to follow from a listing."""
        meta = response.meta
        depth = meta.get("nc_depth", 0)
        if page.kind == "article" and page.article is not None:
            self._inc("articles")
            if page.article.published:
                with contextlib.suppress(ValueError):
                    self._note_date(dt.datetime.fromisoformat(page.article.published))
            canonical = page.article.canonical_url
            if (
                canonical
                and canonical != self._canonical(response.url)
                and not meta.get("nc_via_canonical")
                and self._on_site(canonical)
            ):
                self._inc("skipped/canonical_redirect")
                for request in self._follow(canonical, "canonical", depth=depth):
                    request.meta["nc_via_canonical"] = True
                    yield request
                return
            yield page.article
            return
        self._inc("listings" if page.kind == "listing" else "other_pages")
        if meta.get("nc_kind") in ("article", "canonical"):
            self._inc_lost("not_article")
            logger.info("not exported: %s: not_article (the page is %s)", response.url, page.kind)
        if meta.get("nc_kind") == "listing" or depth == 0:
            for url in page.feeds:
                yield from self._follow(url, "feed", depth=depth)
            if depth == 0 and not page.feeds:
                root = root_of(response.url)
                for path in FALLBACK_FEED_PATHS:
                    for request in self._follow(root + path.lstrip("/"), "feed", depth=depth):
                        request.meta["nc_guessed"] = True
                        yield request
        if not self.follow_links:
            return
        pagination_depth = meta.get("nc_pagination", 0)
        for url in page.pagination:
            yield from self._follow(url, "listing", depth=depth, pagination=pagination_depth + 1)
        requests, new_articles = self._follow_links(page.links, depth)
        yield from requests
        self.yields.record(response.url, new_articles)
        self.crawler.signals.send_catch_log(
            listing_analysed, url=response.url, new_articles=new_articles
        )

    def _follow_links(self, links: list[str], depth: int) -> tuple[list[scrapy.Request], int]:
        """Return the requests for a listing page's links, and how many are new articles.

        New articles are article URLs the crawl had not met before (the page's yield). A link
        met before from a listing page (an article link from any depth, a listing link from
        this depth) is given the outcome of its first check again, without the work: a
        request made is one Scrapy's dupefilter drops the next time, and a refusal stands
        (a family exhausted or a span learnt later refuses more, never less).
        """
        memo = self._links
        skipped: dict[str, int] = {}
        requests: list[scrapy.Request] = []
        new_urls: list[str] = []
        try:
            for url in links:
                if memo is not None:
                    known = memo.get(f"a {url}") or memo.get(f"l{depth} {url}")
                    if known is not None:
                        skipped[known] = skipped.get(known, 0) + 1
                        continue
                if self._kind_of(url) == "article":
                    key, kind = f"a {url}", "article"
                elif depth + 1 <= self.max_listing_depth:
                    key, kind = f"l{depth} {url}", "listing"
                else:
                    key, kind = f"l{depth} {url}", ""
                if kind:
                    reason, url = self._vet(url, kind, depth=depth + 1)
                else:
                    reason = "trap/depth"
                if memo is not None:
                    memo.add(key, reason or "duplicate")
                if reason is not None:
                    skipped[reason] = skipped.get(reason, 0) + 1
                    continue
                if kind == "article" and url not in self._article_urls:
                    self._article_urls.add(url)
                    new_urls.append(url)
                requests.append(self._request(url, kind, self.parse_page, depth=depth + 1))
        finally:
            for reason, count in skipped.items():
                self._inc(f"skipped/{reason}", count)
        return requests, self._count_new(new_urls)

    def _count_new(self, urls: list[str]) -> int:
        """Count the article URLs first met in this run that no earlier run exported.

        A tag page of the next scheduled run, whose articles were all exported, gives nothing
        new. With NEWSCRAWL_STATE_REFRESH (or no run state), every URL met first is new.
        """
        ledger = None if self.refresh else ledger_of(self.crawler)
        return len(urls) - (ledger.count_exported(urls) if ledger is not None else 0)

    # ------------------------------------------------------------------ helpers

    def _kind_of(self, url: str) -> str:
        by_profile = self.target.profile.is_article_url(url)
        if by_profile is not None:
            return "article" if by_profile else "listing"
        return url_kind(url)

    def _follow(
        self, url: str, kind: str, *, depth: int, pagination: int = 0, hints: Hints = None
    ) -> Iterator[scrapy.Request]:
        """Yield a request for `url` unless it is off-site, denied, a trap or requested already."""
        reason, url = self._vet(url, kind, depth=depth, pagination=pagination, hints=hints)
        if reason is not None:
            self._inc(f"skipped/{reason}")
            return
        if kind == "article":
            self._article_urls.add(url)
        callback = {"feed": self.parse_feed}.get(kind, self.parse_page)
        yield self._request(url, kind, callback, depth=depth, pagination=pagination, hints=hints)

    def _vet(
        self, url: str, kind: str, *, depth: int, pagination: int = 0, hints: Hints = None
    ) -> tuple[str | None, str]:
        """Return why `url` is skipped (a ``skipped/`` stat) or None, and its canonical form.

        A URL not skipped is remembered as requested.
        """
        if not self._on_site(url):
            return "offsite", url
        url = self._canonical(url)  # a URL requested before is canonical already
        if self.target.profile.is_denied(url):
            return "denied", url
        if kind in ("listing", "article"):
            trap = self.traps.check(url, depth if kind == "listing" else 0, pagination)
            if trap:
                return f"trap/{trap}", url
        if kind in ("listing", "feed") and self.yields.exhausted(url):
            return "trap/barren_family", url
        requested = self._requested
        if requested is not None:
            if hints is None and url in requested:
                return "duplicate", url
            requested.add(url)
        return None, url

    def _request(
        self, url: str, kind: str, callback: Any, *, depth: int = 0, pagination: int = 0,
        hints: Hints = None,
    ) -> scrapy.Request:  # fmt: skip
        meta: dict[str, Any] = {"nc_kind": kind, "nc_depth": depth, "nc_pagination": pagination}
        if hints:
            meta["nc_hints"] = hints
        if kind in ("robots", "sitemap", "feed"):
            meta["handle_httpstatus_list"] = [404, 410]
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            meta=meta,
            priority=PRIORITY.get(kind, 0),
        )

    def on_error(self, failure: Failure) -> None:
        """Count a failed request: ``skipped/ignored`` or ``errors/<kind>`` (`failure_stat`)."""
        stat = failure_stat(failure)
        self._inc(stat)
        if stat == "skipped/ignored":
            logger.debug("request ignored: %s", failure.getErrorMessage())
        else:
            logger.info("request failed: %s", failure.getErrorMessage())

    def _canonical(self, url: str) -> str:
        """Return `canonicalize_url(url)`; a URL the spider requested is canonical already."""
        requested = self._requested
        if requested is not None and url in requested:
            return url  # made by canonicalize_url, whose results are fixed points
        return canonicalize_url(url)

    def _on_site(self, url: str) -> bool:
        # `is_same_site` with the hosts of the allowed domains worked out once
        host = host_of(url)
        return any(host == d or host.endswith("." + d) for d in self._site_hosts)

    def _note_date(self, moment: dt.datetime | None) -> None:
        """Widen the span of article dates seen on the site (it bounds date archives)."""
        if moment is not None:
            self.traps.note_date(moment.date())

    def closed(self, reason: str) -> None:
        """Record the URL families fetched, and release the page analyzer."""
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("newscrawl/discovery/families", self.yields.summary())
        if hasattr(self, "analyzer"):
            self.analyzer.close()
