"""Scrapy settings for newscrawl, and every NEWSCRAWL_* default, documented.

Stats keys written by newscrawl components are ``newscrawl/<component>/<event>``; each
component's docstring lists its own.
"""

from __future__ import annotations

from scrapy.settings.default_settings import EXTENSIONS_BASE as _SCRAPY_EXTENSIONS_BASE

from newscrawl import __version__

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"

# ------------------------------------------------------------------ politeness
NEWSCRAWL_CONTACT = "https://github.com/newscrawl/newscrawl"
"""Where site owners can reach whoever runs the crawl; appended to the User-Agent."""
USER_AGENT = f"newscrawl/{__version__} (+{NEWSCRAWL_CONTACT})"
ROBOTSTXT_OBEY = True
ROBOTSTXT_PARSER = "newscrawl.middlewares.robots.RobotsRules"
"""Protego, parsed once per robots.txt for the rules, the crawl delay and the sitemaps."""
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
DOWNLOAD_DELAY_JITTER = 0.5
"""Random variation of DOWNLOAD_DELAY (±50%)."""
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
CONCURRENT_ITEMS = 8
"""Outputs of one callback processed in parallel. A page yields at most one article (or a few
links), and Scrapy starts this many asyncio tasks for every response: the default 100 cost
~3.3 CPU ms per page, a third of the crawl process's work (benchmarks/results/throughput.md)."""

# ------------------------------------------------------------------ limits and retries
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 10
DEPTH_LIMIT = 0
DNSCACHE_ENABLED = True
REACTOR_THREADPOOL_MAXSIZE = 10
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"
SCHEDULER_DISK_QUEUE = "newscrawl.utils.squeues.PickleFifoDiskQueue"
"""Scrapy's pickled FIFO disk queue (JOBDIR), storing the same records without a search of the
spider's members for every request (`newscrawl.utils.squeues`)."""
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

# ------------------------------------------------------------------ output
FEED_EXPORT_ENCODING = "utf-8"
FEED_STORE_EMPTY = True
LOG_LEVEL = "INFO"
STATS_CLASS = "newscrawl.utils.stats.PlainMemoryStatsCollector"
"""Scrapy's MemoryStatsCollector, its methods called without a wrapper at each stats call."""

LOG_FORMATTER = "newscrawl.console.logformatter.NewsLogFormatter"
"""A dropped article is one INFO line with its URL and reason, never the item; a newscrawl
component off by design is an INFO line, not a warning."""
NEWSCRAWL_CONSOLE_ENABLED = True
"""Show the crawl's progress and closing summary (`newscrawl.console.progress`)."""
NEWSCRAWL_CONSOLE_PROGRESS = "auto"
"""``live`` (rich display on stderr), ``lines`` (a log line every NEWSCRAWL_CONSOLE_INTERVAL
seconds), ``off``, or ``auto``: live when the console is quiet, lines otherwise."""
NEWSCRAWL_CONSOLE_INTERVAL = 10.0
"""Seconds between two progress log lines (``lines`` mode)."""
NEWSCRAWL_CONSOLE_QUIET = "auto"
"""``auto``: on a terminal, unless -L/--log-level/-v/--logfile or -s LOG_LEVEL is given, the
console shows only progress, summary and errors, and the full log goes to ``<run-id>.log``
beside the output (`newscrawl.console.logsetup`). True or False force it."""
ITEM_PIPELINES = {
    "newscrawl.pipelines.clean.CleanArticlePipeline": 100,
    "newscrawl.pipelines.window.DateWindowPipeline": 150,
    "newscrawl.pipelines.dedup.DedupPipeline": 200,
    "newscrawl.pipelines.limit.ArticleLimitPipeline": 900,
}

# ------------------------------------------------------------------ newscrawl components
# The run context: written by the news spider from its arguments, derived by the add-on
# newscrawl.addons.run_context (components read these, never the spider).
NEWSCRAWL_SITE = ""
"""Name of the site crawled (the profile's name, or the host of ``-a url=``)."""
NEWSCRAWL_SINCE = ""
"""Start of the date window (ISO 8601, '' for none): ``-a since=``."""
NEWSCRAWL_UNTIL = ""
"""End of the date window (ISO 8601, '' for none): ``-a until=``."""
NEWSCRAWL_MAX_ARTICLES = 0
"""Stop after this many new articles (0: no limit): ``-a max_articles=``."""
NEWSCRAWL_SITE_DOMAINS: list[str] = []
"""The site's domains (its profile's ``allowed_domains``)."""
NEWSCRAWL_SITE_CRAWL_DELAY = 0.0
"""The profile's ``crawl_delay`` (seconds; the floor of its hosts' download delay)."""
NEWSCRAWL_PROFILE_SOURCE = ""
"""Where the site profile came from (file path, or '' for an ad-hoc URL)."""
NEWSCRAWL_PROFILE_SHA256 = ""
"""SHA-256 of the site profile's text (recorded in the run manifest)."""

NEWSCRAWL_OUTPUT_DIR = "output"
"""Directory of the default feed: ``<dir>/<site>/<run-id>.jsonl`` (when no -o/-O is given)."""
NEWSCRAWL_RUN_ID = ""
"""Run id used in output file names; empty means a UTC timestamp chosen at start."""

NEWSCRAWL_DISCOVERY_MAX_PAGINATION = 50
"""Listing pages followed per listing (pagination chains deeper than this are a trap)."""
NEWSCRAWL_DISCOVERY_MAX_SITEMAP_URLS = 200_000
"""URLs taken from one sitemap document (the rest are counted and ignored)."""
NEWSCRAWL_DISCOVERY_MAX_LISTING_DEPTH = 4
"""Link hops from a start page through listing pages."""
NEWSCRAWL_DISCOVERY_MAX_QUERY_VARIANTS = 20
"""Distinct query strings followed per URL path (faceted URLs beyond this are a trap)."""
NEWSCRAWL_DISCOVERY_FOLLOW_LINKS = True
"""Follow links from home and listing pages (besides sitemaps and feeds)."""
NEWSCRAWL_DISCOVERY_BARREN_PAGES = 3
"""A URL family (``/calendar/{y}-{m}/``, ``/tag/{slug}/page/{n}/``) whose last this many pages
gave no new article URL is followed no further (see newscrawl.discovery.families)."""
NEWSCRAWL_DISCOVERY_ARCHIVE_MARGIN_DAYS = 31
"""Date archives and calendars wholly outside the span of article dates seen on the site,
widened by this many days each side, are not fetched."""

NEWSCRAWL_POOL_ENABLED = True
"""Parse and extract pages in worker processes (False: in the reactor thread)."""
NEWSCRAWL_POOL_WORKERS = 0
"""Worker processes; 0 means one per CPU core."""
NEWSCRAWL_POOL_MAX_PENDING = 0
"""Pages queued or running in the pool at once; 0 means 2 per worker (bounds memory)."""
NEWSCRAWL_POOL_TIMEOUT = 60.0
"""Seconds one page may take in a worker before the worker is killed and the page fails."""
NEWSCRAWL_POOL_MAX_TASKS_PER_WORKER = 5000
"""Pages after which a worker is replaced by a fresh one (0: never), to shed any growth."""
NEWSCRAWL_POOL_START_METHOD = "forkserver"
"""multiprocessing start method of the workers (forkserver: fast replacement, no threads)."""
NEWSCRAWL_POOL_FUNCTION = "newscrawl.runtime.analysis.analyze_page"
"""Import path of the page analysis function the workers run (same signature)."""
# Stats: newscrawl/pool/{pages,failed,failed/crash,failed/timeout,failed/error,workers_started}
NEWSCRAWL_GC_THRESHOLD = 10_000
"""Net allocations between two young garbage-collector passes in the crawl process (CPython's
default is 700; 0 leaves the collector alone): `newscrawl.extensions.gc_tuning`."""

NEWSCRAWL_CLEAN_MIN_BODY_WORDS = 15
"""Articles whose body has fewer words are dropped (``short_body``): what is left of a failed
extraction (a cookie notice, a "read more" stub). Low on purpose: a one-paragraph news brief
of 30 words is an article (issue 12: short WordPress posts were lost at 40)."""

NEWSCRAWL_DEDUP_ENABLED = True
NEWSCRAWL_DEDUP_NEAR_THRESHOLD = 0.9
"""MinHash Jaccard at or above which two bodies are near-duplicates."""
NEWSCRAWL_DEDUP_NUM_PERM = 128
"""MinHash permutations (signature size: 8 bytes each)."""
NEWSCRAWL_DEDUP_SHINGLE_SIZE = 5
"""Words per shingle for near-duplicate detection."""

FEED_EXPORTERS = {
    name: "newscrawl.extensions.jsonlines.DataclassJsonLinesItemExporter"
    for name in ("jsonlines", "jsonl", "jl")
}
"""Scrapy's JSON Lines exporter, the same lines, with articles' fields read without ItemAdapter."""
FEED_STORAGES = {
    "": "newscrawl.run.feeds.AtomicFileFeedStorage",
    "file": "newscrawl.run.feeds.AtomicFileFeedStorage",
}
COMMANDS_MODULE = "newscrawl.cli.commands"

# ------------------------------------------------------------------ safety on the hostile web
# (issue 5; newscrawl/middlewares/). Limits that matter here, set above: DOWNLOAD_MAXSIZE caps
# every body, decompressed too (HttpCompressionMiddleware stops a gzip bomb there);
# DOWNLOAD_TIMEOUT, RETRY_TIMES/RETRY_HTTP_CODES, REDIRECT_MAX_TIMES; ROBOTSTXT_OBEY.
DOWNLOAD_FAIL_ON_DATALOSS = True
"""A truncated body (fewer bytes than Content-Length) is an error, and retried."""
DOWNLOADER_MIDDLEWARES = {
    "newscrawl.middlewares.ssrf.SSRFGuardMiddleware": 55,
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,
    "newscrawl.middlewares.user_agent.ContactUserAgentMiddleware": 500,
    "newscrawl.middlewares.retry_after.RetryAfterMiddleware": 560,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "newscrawl.middlewares.limits.SizeLimitStatsMiddleware": 590,
    "newscrawl.middlewares.crawl_delay.CrawlDelayMiddleware": 570,
    "newscrawl.middlewares.encoding.EncodingRepairMiddleware": 575,
    # Scrapy's, without decoding the pages that cannot hold a meta refresh (in its place)
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newscrawl.middlewares.meta_refresh.QuickMetaRefreshMiddleware": 580,
    "newscrawl.middlewares.content.ContentFilterMiddleware": 580,
    # scheduled runs: off unless NEWSCRAWL_STATE_ENABLED
    "newscrawl.extensions.conditional.ConditionalRequestMiddleware": 585,
    "newscrawl.middlewares.robots.RobotsTxtReuseMiddleware": 890,
    "newscrawl.archive.middleware.WarcArchiveMiddleware": 950,  # off unless NEWSCRAWL_WARC_ENABLED
}
NEWSCRAWL_WARC_ENABLED = False
"""Archive every fetch (request and response records, as received) to
``<NEWSCRAWL_OUTPUT_DIR>/<site>/<run-id>.warc.gz``; each exported article gets a ``warc`` pointer
to its response record (`newscrawl.archive`). ``newscrawl crawl --warc`` turns it on."""
NEWSCRAWL_WARC_MAX_SIZE = 1024**3
"""Bytes after which the run's WARC file is completed and the next one started."""
NEWSCRAWL_WARC_MAX_RECORD_SIZE = 64 * 1024 * 1024
"""Reading archives (`newscrawl reextract`, `newscrawl import`): records whose content is larger
are skipped and counted (``newscrawl/archive/skipped/too_large``)."""
# Stats: newscrawl/warc/{records,files,recovered,errors,bytes},
# newscrawl/archive/{records,responses,articles,skipped/<reason>,errors/<reason>}.
NEWSCRAWL_SSRF_ENABLED = True
"""Refuse requests to loopback, private, link-local, multicast and reserved addresses."""
NEWSCRAWL_SSRF_ALLOWED_NETWORKS: list[str] = []
"""CIDRs the SSRF guard always allows, e.g. ``["10.0.0.0/8"]`` for an intranet mirror."""
NEWSCRAWL_SSRF_ALLOW_START_ADDRESSES = True
"""Allow the (non-public) addresses the crawl's own start URLs resolve to."""
TWISTED_DNS_RESOLVER = "newscrawl.middlewares.ssrf.SSRFSafeResolver"
"""Scrapy's caching resolver plus the SSRF check at connection time (against DNS rebinding)."""
NEWSCRAWL_SSRF_ALLOWED_SCHEMES = ["http", "https"]
"""URL schemes requests may use (``file:``, ``ftp:``, ``s3:``, ``data:`` are refused)."""
NEWSCRAWL_RETRY_AFTER_ENABLED = True
NEWSCRAWL_RETRY_AFTER_MAX_DELAY = 60.0
"""Longest ``Retry-After`` (seconds) honoured on 429/503; longer asks wait this long."""
NEWSCRAWL_RETRY_AFTER_HTTP_CODES = [429, 503]
NEWSCRAWL_RETRY_AFTER_DEFAULT_429_DELAY = 5.0
"""Seconds a host is paused after a 429 that has no usable Retry-After (0: retry at once)."""
NEWSCRAWL_ROBOTS_REUSE_ENABLED = True
"""Answer the spider's robots.txt request with the copy downloaded for the rules (one download)."""
NEWSCRAWL_ROBOTS_REUSE_KEPT = 64
"""robots.txt responses kept at most for hosts the spider has not asked for theirs yet."""
NEWSCRAWL_CRAWL_DELAY_ENABLED = True
"""Keep each host's delay at or above its robots.txt Crawl-delay (and the profile's)."""
NEWSCRAWL_CRAWL_DELAY_MAX = 60.0
"""Crawl delays above this many seconds are clamped."""
NEWSCRAWL_CONTENT_FILTER_ENABLED = True
"""Skip page responses that are binary, not HTML, empty or soft 404s."""
NEWSCRAWL_ENCODING_REPAIR_ENABLED = True
"""Re-decode pages whose UTF-8 label is wrong (legacy code page by language) and undo mojibake."""
NEWSCRAWL_ENCODING_REPAIR_MAX_BYTES = 4 * 1024 * 1024
"""Pages larger than this are not checked for encoding repair."""
# Stats: newscrawl/ssrf/refused/{loopback,private,link_local,multicast,reserved,scheme},
# newscrawl/retry_after/{honoured,capped,default_429,held_requests},
# newscrawl/crawl_delay/{robots,profile,capped,enforced},
# newscrawl/content/skipped/{binary,not_html,empty,soft_404},
# newscrawl/encoding/repaired/{relabelled,mojibake},
# newscrawl/limits/too_large/{download,decompressed}.

# ------------------------------------------------------------ scheduled runs (state, monitors)
NEWSCRAWL_STATE_ENABLED = False
"""Remember exports between runs: skip exported articles and unchanged sitemaps, recover the
leftovers of killed runs, write the run manifest. ``newscrawl crawl`` turns it on. A single JSON
Lines feed given with -o/-O (or FEEDS) becomes the output, with the same exactly-once rules."""
NEWSCRAWL_STATE_DIR = ".newscrawl"
"""Directory of the SQLite run state (``<site>.sqlite3``) and the site locks (``<site>.lock``)."""
NEWSCRAWL_STATE_REFRESH = False
"""Fetch every article again (exported ones come out again only as changed revisions)."""
NEWSCRAWL_CONDITIONAL_ENABLED = True
"""With the state on, ask for feeds and sitemaps of articles only if they changed since the
last clean run (``If-None-Match``/``If-Modified-Since``; a ``304`` is not read again)."""
NEWSCRAWL_MONITOR_MIN_ARTICLES = 1
"""Articles a run must find (new, or exported before and seen again); a profile may override."""
NEWSCRAWL_MONITOR_MAX_ERROR_RATE = 0.2
"""Failed requests (after retries) per request above which the run fails."""
NEWSCRAWL_MONITOR_MIN_COVERAGE = {"title": 0.95, "body": 1.0, "published": 0.8}
"""Floors of the share of exported articles with each field; a profile may override."""
SPIDERMON_ENABLED = False
"""Spidermon runs the run monitors (`newscrawl.monitors`); ``newscrawl crawl`` turns it on."""
SPIDERMON_SPIDER_CLOSE_MONITORS = ["newscrawl.run.monitors.RunMonitorSuite"]
EXTENSIONS_BASE = {
    path: order
    for path, order in _SCRAPY_EXTENSIONS_BASE.items()
    if path != "scrapy.extensions.remote_control.RemoteControl"
}
"""Scrapy's, without its remote control: an HTTP server that runs the Python code it is sent,
off (REMOTE_CONTROL_ENABLED) like the telnet console. Dropped from the base list rather than
set to None in EXTENSIONS, where Scrapy would import it (and aiohttp, ~0.1 s of CPU a crawl)
to resolve the key."""
EXTENSIONS = {
    "newscrawl.extensions.gc_tuning.GarbageCollectorTuning": 50,
    "newscrawl.console.progress.ConsoleProgress": 100,
    "newscrawl.extensions.losses.NotExportedCounter": 400,
    "newscrawl.extensions.spidermon.SpidermonWhenEnabled": 500,  # Spidermon's, when enabled
    "newscrawl.extensions.runstate.RunStateExtension": 510,
    "newscrawl.extensions.outcome.RunOutcome": 530,
}
SPIDER_MIDDLEWARES = {
    # Scrapy's warning for requests built from a copy of response.meta: the news spider builds
    # every request's meta afresh (`NewsSpider._request`); one async layer less per output.
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
    "newscrawl.extensions.incremental.IncrementalMiddleware": 950,
    "newscrawl.archive.middleware.WarcPointerMiddleware": 960,  # off unless NEWSCRAWL_WARC_ENABLED
}
DUPEFILTER_CLASS = "newscrawl.extensions.dupefilter.RunStateDupeFilter"
"""Scrapy's RFPDupeFilter, except that with the run state on it keeps no ``requests.seen`` in
JOBDIR (the state spans runs; a resumed run discovers again what a killed one had in flight)."""
# Stats: newscrawl/state/{skipped/exported,skipped/sitemap_unchanged,refetch/lastmod,
# responses/<kind>,recovered/{parts,articles,torn_lines,files},committed/{files,articles},
# watermarks/{saved,not_saved},revisions,monitor/items,monitor/field/<field>},
# newscrawl/conditional/{sent,not_modified}, newscrawl/monitors/{passed,failed}.

# ------------------------------------------------------------------ distributed crawling (Redis)
NEWSCRAWL_REDIS_URL = ""
"""``redis://host:port/db``: share the crawl (scrapy-redis scheduler and dupefilter) and the run
state with every worker started with the same URL and site (`newscrawl.distributed`)."""
NEWSCRAWL_REDIS_HEARTBEAT = 5.0
"""Seconds between a worker's heartbeats (and its checks for dead workers)."""
NEWSCRAWL_REDIS_WORKER_TIMEOUT = 60.0
"""Seconds without a heartbeat after which a worker is dead and its requests are taken over."""
NEWSCRAWL_REDIS_KEY_PREFIX = "newscrawl"
"""First part of every Redis key: ``<prefix>:{<site>}:…``."""
ADDONS = {
    "newscrawl.distributed.addon.RedisAddon": 0,
    "newscrawl.addons.run_context.RunContextAddon": 10,
}
"""The Redis add-on does nothing unless NEWSCRAWL_REDIS_URL is set (it names a worker's run id
first); the run context add-on then derives the run id, output and limit."""
# Stats: newscrawl/redis/{popped,processed,requeued,reaped/workers,reaped/requests,
# waited_idle,lost_worker}.
