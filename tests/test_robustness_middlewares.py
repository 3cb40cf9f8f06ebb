"""Unit tests of the safety middlewares: SSRF guard, content filter, Retry-After, Crawl-delay,
shared robots.txt, User-Agent and encoding repair."""

from __future__ import annotations

import asyncio
import ipaddress
import time
from email.utils import formatdate

import pytest
from faultserver import sloppy_cp1252
from scrapy import Request, Spider, signals
from scrapy.core.downloader import Slot
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.discovery.robots import RULES_META_KEY
from newscrawl.middlewares.content import ContentFilterMiddleware, SkippedContent, content_problem
from newscrawl.middlewares.crawl_delay import CrawlDelayMiddleware
from newscrawl.middlewares.encoding import EncodingRepairMiddleware, repair_text
from newscrawl.middlewares.limits import SizeLimitStatsMiddleware
from newscrawl.middlewares.retry_after import RetryAfterMiddleware, parse_retry_after
from newscrawl.middlewares.robots import SHARED_FLAG, RobotsRules, RobotsTxtReuseMiddleware
from newscrawl.middlewares.ssrf import (
    SSRFGuardMiddleware,
    SSRFRefused,
    SSRFSafeResolver,
    non_public_reason,
    parse_ip_host,
)
from newscrawl.middlewares.user_agent import ContactUserAgentMiddleware

# ---------------------------------------------------------------------- SSRF: address parsing


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),  # decimal
        ("0x7f000001", "127.0.0.1"),  # hexadecimal
        ("0177.0.0.1", "127.0.0.1"),  # octal first part
        ("0x7f.1", "127.0.0.1"),  # short form, last part fills three bytes
        ("127.1", "127.0.0.1"),
        ("10.0.513", "10.0.2.1"),
        ("0xA9.0xFE.0xA9.0xFE", "169.254.169.254"),
        ("169.254.169.254.", "169.254.169.254"),  # trailing dot
        ("[::1]", "::1"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
        ("fe80::1%eth0", "fe80::1"),
    ],
)
def test_parse_ip_host_reads_every_ip_spelling(host, expected):
    assert parse_ip_host(host) == ipaddress.ip_address(expected)


@pytest.mark.parametrize(
    "host", ["example.com", "127.0.0.1.example.com", "1.2.3.4.5", "256.1.1.1", "1..2", ""]
)
def test_parse_ip_host_leaves_names_and_invalid_addresses_alone(host):
    assert parse_ip_host(host) is None


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.2", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "private"),  # carrier-grade NAT
        ("fd00::1", "private"),
        ("169.254.169.254", "link_local"),
        ("fe80::1", "link_local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "reserved"),
        ("::ffff:10.0.0.1", "private"),  # IPv4-mapped IPv6
        ("2002:7f00:1::", "loopback"),  # 6to4 around 127.0.0.1
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_non_public_reason_classifies_addresses(address, reason):
    assert non_public_reason(ipaddress.ip_address(address)) == reason


# ---------------------------------------------------------------------- SSRF: middleware


class _Spider:
    def __init__(self, *start_urls: str) -> None:
        self.start_urls = list(start_urls)


def _guard(start: str, resolved: dict[str, list[str]] | None = None, **settings):
    crawler = get_crawler(settings_dict={**_project_defaults("NEWSCRAWL_SSRF_"), **settings})
    resolved = resolved or {}
    guard = SSRFGuardMiddleware(crawler, resolve=lambda host: resolved.get(host, []))
    guard.spider_opened(_Spider(start))
    # pre-resolve names so process_request never needs the reactor's thread pool
    for host, addresses in resolved.items():
        guard._store(host, addresses)
    return guard, crawler


def _run(coro):
    return asyncio.run(coro)


def _project_defaults(prefix: str) -> dict:
    return {k: v for k, v in vars(project_settings).items() if k.startswith(prefix)}


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://2130706433/admin",
        "http://0x7f.1:6379/",
        "http://[::1]:8080/",
        "http://[::ffff:127.0.0.1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/",
        "http://intranet.example.org/",
    ],
)
def test_ssrf_guard_refuses_non_public_targets_of_a_public_crawl(url):
    guard, crawler = _guard(
        "https://news.example.com/",
        {"news.example.com": ["93.184.216.34"], "intranet.example.org": ["10.20.30.40"]},
    )
    with pytest.raises(SSRFRefused):
        _run(guard.process_request(Request(url)))
    refused = {k: v for k, v in crawler.stats.get_stats().items() if "ssrf/refused" in k}
    assert sum(refused.values()) == 1


def test_ssrf_guard_refuses_a_name_with_any_private_address():
    guard, _ = _guard(
        "https://news.example.com/",
        {"news.example.com": ["93.184.216.34"], "mixed.example.com": ["93.184.216.35", "::1"]},
    )
    with pytest.raises(SSRFRefused):
        _run(guard.process_request(Request("https://mixed.example.com/")))


def test_ssrf_guard_lets_public_addresses_through():
    guard, crawler = _guard("https://news.example.com/", {"news.example.com": ["93.184.216.34"]})
    assert _run(guard.process_request(Request("https://news.example.com/2026/story/"))) is None
    assert _run(guard.process_request(Request("http://8.8.8.8/"))) is None
    assert not any("ssrf" in k for k in crawler.stats.get_stats())


def test_ssrf_guard_allows_the_start_address_of_a_local_crawl_only():
    guard, crawler = _guard("http://127.0.0.1:8080/")
    assert _run(guard.process_request(Request("http://127.0.0.1:8080/2026/a/"))) is None
    assert _run(guard.process_request(Request("http://2130706433:9999/"))) is None  # same address
    with pytest.raises(SSRFRefused):
        _run(guard.process_request(Request("http://127.0.0.2:8080/")))
    with pytest.raises(SSRFRefused):
        _run(guard.process_request(Request("http://169.254.169.254/")))
    assert crawler.stats.get_value("newscrawl/ssrf/refused/loopback") == 1
    assert crawler.stats.get_value("newscrawl/ssrf/refused/link_local") == 1


def test_ssrf_guard_start_exception_can_be_turned_off():
    guard, _ = _guard("http://127.0.0.1:8080/", NEWSCRAWL_SSRF_ALLOW_START_ADDRESSES=False)
    with pytest.raises(SSRFRefused):
        _run(guard.process_request(Request("http://127.0.0.1:8080/")))


def test_ssrf_guard_allowed_networks_setting_allows_more():
    guard, _ = _guard(
        "https://news.example.com/",
        {"news.example.com": ["93.184.216.34"], "mirror.corp": ["10.1.2.3"]},
        NEWSCRAWL_SSRF_ALLOWED_NETWORKS=["10.0.0.0/8", "fd00::/8"],
    )
    assert _run(guard.process_request(Request("http://mirror.corp/"))) is None
    assert _run(guard.process_request(Request("http://[fd00::5]/"))) is None
    with pytest.raises(SSRFRefused):
        _run(guard.process_request(Request("http://192.168.0.1/")))


def test_ssrf_guard_rejects_a_bad_allowed_network_naming_the_setting():
    with pytest.raises(ValueError, match="NEWSCRAWL_SSRF_ALLOWED_NETWORKS"):
        _guard("https://a.example/", NEWSCRAWL_SSRF_ALLOWED_NETWORKS=["not-a-network"])


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://files.example.com/a", "s3://bucket/key", "data:,x"]
)
def test_ssrf_guard_refuses_non_web_schemes(url):
    guard, crawler = _guard("https://news.example.com/", {"news.example.com": ["93.184.216.34"]})
    with pytest.raises(SSRFRefused):
        _run(guard.process_request(Request(url)))
    assert crawler.stats.get_value("newscrawl/ssrf/refused/scheme") == 1


def test_ssrf_guard_is_optional():
    crawler = get_crawler(settings_dict={"NEWSCRAWL_SSRF_ENABLED": False})
    with pytest.raises(NotConfigured):
        build_from_crawler(SSRFGuardMiddleware, crawler)


# ---------------------------------------------------------------------- content filter

ARTICLE = (
    b"<html><head><title>Minister opens the new bridge</title></head><body><h1>Minister opens "
    b"the new bridge</h1><p>The minister opened the bridge on Monday.</p></body></html>"
)


def _response(
    body: bytes, ctype: str | None = "text/html; charset=utf-8", url: str = ""
) -> Response:
    url = url or "https://news.example.com/2026/03/01/story/"
    headers = {"Content-Type": ctype} if ctype else {}
    cls = HtmlResponse if ctype and "html" in ctype else Response
    if cls is HtmlResponse:
        return HtmlResponse(url=url, body=body, headers=headers, encoding="utf-8")
    return Response(url=url, body=body, headers=headers)


@pytest.mark.parametrize(
    ("body", "ctype", "reason"),
    [
        (b"%PDF-1.7\n...", "application/pdf", "binary"),
        (b"%PDF-1.7\n...", "text/html", "binary"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg", "binary"),
        (b"\x89PNG\r\n\x1a\n....", "text/html", "binary"),
        (ARTICLE, "application/octet-stream", "not_html"),
        (b"{}", "application/json", "not_html"),
        (b"", "text/html", "empty"),
        (b"   \n ", "text/html", "empty"),
        (
            b"<html><head><title></title><script>x()</script></head><body>&nbsp;</body></html>",
            "text/html",
            "empty",
        ),
        (
            b"<html><head><title>Page not found - Daily</title></head><body>x</body></html>",
            "text/html",
            "soft_404",
        ),
        (
            b"<html><head><title>Daily</title></head><body><h1>404 Not Found</h1></body></html>",
            "text/html",
            "soft_404",
        ),
        (
            "<html><head><title>الصفحة غير موجودة</title></head><body>x</body></html>".encode(),
            "text/html; charset=utf-8",
            "soft_404",
        ),
        (b"<title>Nothing found for this search</title><p>x</p>", "text/html", "soft_404"),
        (b"<title>404 - Page not found | Daily</title><p>x</p>", "text/html", "soft_404"),
        (b"<title>Not Found | Daily Star</title><p>x</p>", "text/html", "soft_404"),
        (
            "<h1>Oops! That page can\u2019t be found.</h1><p>x</p>".encode(),
            "text/html; charset=utf-8",
            "soft_404",
        ),
    ],
)
def test_content_problem_names_the_reason(body, ctype, reason):
    assert content_problem(_response(body, ctype)) == reason


@pytest.mark.parametrize(
    "title",
    [
        "Missing hikers found after four days",
        "Police: the stolen 404 painting recovered",
        "404 days in captivity: a hostage speaks",
        "Page turner: the novel everyone is reading",
        "Not founding a party, says minister",
        "Not found: the missing ship, 40 years on",
        "Missing hikers not found after the storm",
        "Nothing found in the search for the plane",
        "Service no longer available in rural areas",
        # "no survivors were found"
        "\u0644\u0645 \u064a\u062a\u0645 \u0627\u0644\u0639\u062b\u0648\u0631 "
        "\u0639\u0644\u0649 \u0646\u0627\u062c\u064a\u0646",
    ],
)
def test_content_problem_keeps_articles_whose_titles_merely_resemble_errors(title):
    body = f"<html><head><title>{title}</title></head><body><p>Text.</p></body></html>"
    assert content_problem(_response(body.encode())) is None


def test_content_problem_keeps_real_pages():
    assert content_problem(_response(ARTICLE)) is None
    assert content_problem(_response(ARTICLE, "application/xhtml+xml")) is None


def test_soft_404_by_redirect_to_an_error_url():
    page = b"<html><head><title>Oops</title></head><body><p>Sorry.</p></body></html>"
    request = Request("https://news.example.com/2026/03/01/gone/")
    request.meta["redirect_urls"] = ["https://news.example.com/2026/03/01/gone/"]
    response = _response(page, url="https://news.example.com/404/")
    assert content_problem(response, request) == "soft_404"
    assert content_problem(response, Request(response.url)) is None


def test_content_filter_skips_and_counts_only_page_requests():
    crawler = get_crawler(settings_dict={"NEWSCRAWL_CONTENT_FILTER_ENABLED": True})
    mw = build_from_crawler(ContentFilterMiddleware, crawler)
    pdf = _response(b"%PDF-1.4 ...", "application/pdf")
    page_request = Request(pdf.url, meta={"nc_kind": "article"})
    with pytest.raises(SkippedContent):
        mw.process_response(page_request, pdf)
    assert crawler.stats.get_value("newscrawl/content/skipped/binary") == 1
    # robots.txt, sitemaps, feeds and other spiders' requests are not touched
    robots = TextResponse(
        url="https://news.example.com/robots.txt",
        body=b"User-agent: *",
        headers={"Content-Type": "text/plain"},
        encoding="utf-8",
    )
    assert mw.process_response(Request(robots.url), robots) is robots
    sitemap_request = Request("https://news.example.com/sitemap.xml", meta={"nc_kind": "sitemap"})
    assert mw.process_response(sitemap_request, pdf) is pdf
    # errors are left to the retry and error handling
    error = Response(url=pdf.url, status=500, body=b"")
    assert mw.process_response(page_request, error) is error


# ---------------------------------------------------------------------- Retry-After


def test_parse_retry_after_reads_seconds_and_http_dates():
    assert parse_retry_after(b"120") == 120.0
    assert parse_retry_after("0") == 0.0
    now = time.time()
    assert parse_retry_after(formatdate(now + 30, usegmt=True), now=now) == pytest.approx(
        30, abs=1
    )
    assert parse_retry_after(formatdate(now - 30, usegmt=True), now=now) == 0.0
    for bad in (None, b"", b"soon", b"-5", b"1.5"):
        assert parse_retry_after(bad) is None


def test_retry_after_pauses_the_slot_up_to_the_bound():
    crawler = get_crawler(
        settings_dict={
            **_project_defaults("NEWSCRAWL_RETRY_AFTER_"),
            "NEWSCRAWL_RETRY_AFTER_MAX_DELAY": 10.0,
        }
    )
    mw = build_from_crawler(RetryAfterMiddleware, crawler)
    request = Request("https://news.example.com/a/")
    start = time.monotonic()
    busy = Response(request.url, status=503, headers={"Retry-After": "3600"})
    assert mw.process_response(request, busy) is busy  # RetryMiddleware still retries it
    wait = mw.not_before["news.example.com"] - start
    assert 9.0 < wait <= 10.5
    assert crawler.stats.get_value("newscrawl/retry_after/honoured") == 1
    assert crawler.stats.get_value("newscrawl/retry_after/capped") == 1
    # another status, or a 503 without the header: nothing recorded
    other = Request("https://other.example.com/")
    mw.process_response(other, Response(other.url, status=500, headers={"Retry-After": "5"}))
    mw.process_response(other, Response(other.url, status=503))
    mw.process_response(other, Response(other.url, status=503, headers={"Retry-After": "soon"}))
    assert "other.example.com" not in mw.not_before


def test_429_without_retry_after_backs_off_by_the_default():
    crawler = get_crawler(settings_dict=_project_defaults("NEWSCRAWL_RETRY_AFTER_"))
    mw = build_from_crawler(RetryAfterMiddleware, crawler)
    request = Request("https://news.example.com/a/")
    start = time.monotonic()
    mw.process_response(request, Response(request.url, status=429))
    wait = mw.not_before["news.example.com"] - start
    assert wait == pytest.approx(project_settings.NEWSCRAWL_RETRY_AFTER_DEFAULT_429_DELAY, abs=0.5)
    assert crawler.stats.get_value("newscrawl/retry_after/default_429") == 1


def test_retry_after_lets_requests_to_other_hosts_through():
    crawler = get_crawler(settings_dict=_project_defaults("NEWSCRAWL_RETRY_AFTER_"))
    mw = build_from_crawler(RetryAfterMiddleware, crawler)
    mw.not_before["busy.example.com"] = time.monotonic() + 60
    assert asyncio.run(mw.process_request(Request("https://free.example.com/"))) is None
    mw.not_before["free.example.com"] = time.monotonic() - 1  # expired
    assert asyncio.run(mw.process_request(Request("https://free.example.com/"))) is None
    assert "free.example.com" not in mw.not_before


# ---------------------------------------------------------------------- politeness defaults


def test_politeness_defaults_are_on():
    s = project_settings
    assert s.ROBOTSTXT_OBEY is True
    assert s.AUTOTHROTTLE_ENABLED is True
    assert 1 <= s.CONCURRENT_REQUESTS_PER_DOMAIN <= 8
    assert s.DOWNLOAD_DELAY > 0
    assert s.USER_AGENT.startswith("newscrawl/")
    assert s.NEWSCRAWL_CONTACT in s.USER_AGENT
    assert s.COOKIES_ENABLED is False


def test_safety_limits_are_set():
    s = project_settings
    assert 0 < s.DOWNLOAD_MAXSIZE <= 64 * 2**20
    assert 0 < s.DOWNLOAD_WARNSIZE < s.DOWNLOAD_MAXSIZE
    assert 0 < s.DOWNLOAD_TIMEOUT <= 60
    assert 0 < s.REDIRECT_MAX_TIMES <= 20
    assert s.DOWNLOAD_FAIL_ON_DATALOSS is True
    assert {429, 503} <= set(s.RETRY_HTTP_CODES)
    assert s.NEWSCRAWL_SSRF_ENABLED is True


def test_user_agent_names_the_contact_setting():
    crawler = get_crawler(
        settings_dict={
            "USER_AGENT": project_settings.USER_AGENT,
            "NEWSCRAWL_CONTACT": "mailto:crawl-ops@example.org",
        }
    )
    mw = build_from_crawler(ContactUserAgentMiddleware, crawler)
    request = Request("https://news.example.com/")
    mw.process_request(request)
    agent = request.headers[b"User-Agent"].decode()
    assert agent.startswith("newscrawl/")
    assert agent.endswith("(+mailto:crawl-ops@example.org)")


def test_explicit_user_agent_wins_over_the_contact():
    crawler = get_crawler(settings_dict={"USER_AGENT": "MyBot/2.0 (+https://me.example)"})
    mw = build_from_crawler(ContactUserAgentMiddleware, crawler)
    request = Request("https://news.example.com/")
    mw.process_request(request)
    assert request.headers[b"User-Agent"] == b"MyBot/2.0 (+https://me.example)"


# ---------------------------------------------------------------------- Crawl-delay


def _delay_middleware(**settings):
    crawler = get_crawler(
        settings_dict={**_project_defaults("NEWSCRAWL_CRAWL_DELAY_"), **settings}
    )
    mw = build_from_crawler(CrawlDelayMiddleware, crawler)
    slots: dict[str, Slot] = {}
    mw._slot = lambda key: slots.setdefault(key, Slot(concurrency=4, delay=0.5, jitter=0.5))
    return mw, crawler, slots


def _robots_response(url: str, text: str) -> TextResponse:
    return TextResponse(url=url, body=text.encode(), encoding="utf-8",
                        headers={"Content-Type": "text/plain"})  # fmt: skip


def _robots_parsed(mw, crawler, page_url: str, text: str) -> None:
    """Send what RobotsTxtMiddleware sends once it parsed the robots.txt of `page_url`'s host."""
    rules = build_from_crawler(
        load_object(crawler.settings["ROBOTSTXT_PARSER"]), crawler, text.encode()
    )
    crawler.signals.send_catch_log(
        signals.robots_parsed, robotparser=rules, request=Request(page_url)
    )


def test_crawl_delay_from_robots_becomes_the_slot_floor():
    mw, crawler, slots = _delay_middleware()
    text = "User-agent: *\nCrawl-delay: 3\nDisallow: /private/\n"
    _robots_parsed(mw, crawler, "https://news.example.com/", text)
    assert mw.floors == {"news.example.com": 3.0}
    page = Request(
        "https://news.example.com/2026/story/", meta={"download_slot": "news.example.com"}
    )
    slots["news.example.com"] = Slot(concurrency=4, delay=0.1, jitter=0.5)  # AutoThrottle's pick
    mw._enforce(page)
    assert slots["news.example.com"].delay == 3.0
    assert slots["news.example.com"].jitter == 0.0
    assert crawler.stats.get_value("newscrawl/crawl_delay/robots") == 1
    # other hosts keep their own delay
    other = Request("https://cdn.example.net/x", meta={"download_slot": "cdn.example.net"})
    slots["cdn.example.net"] = Slot(concurrency=4, delay=0.1, jitter=0.5)
    mw._enforce(other)
    assert slots["cdn.example.net"].delay == 0.1


def test_crawl_delay_above_the_maximum_is_clamped():
    mw, crawler, _ = _delay_middleware(NEWSCRAWL_CRAWL_DELAY_MAX=10.0)
    _robots_parsed(
        mw, crawler, "https://slow.example.com/a", "User-agent: *\nCrawl-delay: 86400\n"
    )
    assert mw.floors == {"slow.example.com": 10.0}
    assert crawler.stats.get_value("newscrawl/crawl_delay/capped") == 1


def test_crawl_delay_for_another_agent_or_a_failed_robots_is_ignored():
    mw, crawler, _ = _delay_middleware()
    text = "User-agent: Googlebot\nCrawl-delay: 9\n\nUser-agent: *\nDisallow:\n"
    _robots_parsed(mw, crawler, "https://a.example.com/", text)
    not_robots = "<html><body><p>Not found. Crawl-delay: 9</p></body></html>"  # an error page
    _robots_parsed(mw, crawler, "https://b.example.com/", not_robots)
    assert mw.floors == {}


def test_crawl_delay_is_read_from_the_rules_scrapy_parsed_once():
    # the project's ROBOTSTXT_PARSER answers the delay (Request-rate too) from its one parse
    mw, crawler, _ = _delay_middleware(ROBOTSTXT_PARSER="newscrawl.middlewares.robots.RobotsRules")
    _robots_parsed(mw, crawler, "https://r.example.com/", "User-agent: *\nRequest-rate: 1/4s\n")
    assert mw.floors == {"r.example.com": 4.0}


def test_profile_crawl_delay_covers_its_hosts_and_subdomains():
    # the run context of a profile with crawl_delay: 5 (newscrawl.addons.run_context)
    mw, crawler, slots = _delay_middleware(
        NEWSCRAWL_SITE_CRAWL_DELAY=5.0, NEWSCRAWL_SITE_DOMAINS=["sana.sy", "archive.sana.sy"]
    )
    mw.spider_opened(Spider("news"))
    assert mw.floor_of("sana.sy") == 5.0
    assert mw.floor_of("www.sana.sy") == 5.0
    assert mw.floor_of("archive.sana.sy") == 5.0
    assert mw.floor_of("notsana.sy") is None
    mw._enforce(Request("https://www.sana.sy/en/?p=1", meta={"download_slot": "www.sana.sy"}))
    assert slots["www.sana.sy"].delay == 5.0
    assert crawler.stats.get_value("newscrawl/crawl_delay/profile") == 1


def test_crawl_delay_middleware_is_optional():
    crawler = get_crawler(settings_dict={"NEWSCRAWL_CRAWL_DELAY_ENABLED": False})
    with pytest.raises(NotConfigured):
        build_from_crawler(CrawlDelayMiddleware, crawler)


# ---------------------------------------------------------------------- shared robots.txt


def _robots_middleware_request(url: str) -> Request:
    """The request RobotsTxtMiddleware makes for robots.txt."""
    return Request(url, callback=NO_CALLBACK, meta={"dont_obey_robotstxt": True})


def _spider_robots_request(url: str) -> Request:
    return Request(url, callback=lambda r: None)


def _reuse_middleware(**settings) -> tuple[RobotsTxtReuseMiddleware, object]:
    crawler = get_crawler(settings_dict={"ROBOTSTXT_OBEY": True, **settings})
    return build_from_crawler(RobotsTxtReuseMiddleware, crawler), crawler


def test_robots_download_answers_the_spiders_request_for_it_once():
    mw, crawler = _reuse_middleware()
    own = _robots_middleware_request("https://news.example.com/robots.txt")
    assert mw.process_request(own) is None  # downloaded
    downloaded = _robots_response(own.url, "User-agent: *\nSitemap: /sitemap.xml\n")
    assert mw.process_response(own, downloaded) is downloaded
    rules = RobotsRules.from_crawler(crawler, downloaded.body)  # RobotsTxtMiddleware's one parse
    page = Request("https://news.example.com/2026/story/")
    crawler.signals.send_catch_log(signals.robots_parsed, robotparser=rules, request=page)
    wanted = _spider_robots_request(own.url)
    shared = mw.process_request(wanted)
    assert shared is not None
    assert shared.meta[RULES_META_KEY] is rules  # the spider reads the sitemaps from it
    assert rules.info("newscrawl", own.url).sitemaps == ["https://news.example.com/sitemap.xml"]
    assert shared.body == downloaded.body
    assert shared.request is wanted  # the spider's callback gets it
    assert SHARED_FLAG in shared.flags
    assert SHARED_FLAG not in downloaded.flags
    assert crawler.stats.get_value("newscrawl/robots_reuse/answered") == 1
    # once: a retry or a later request downloads robots.txt again
    assert mw.process_request(wanted.copy()) is None


def test_only_the_robots_middlewares_download_is_kept():
    mw, _ = _reuse_middleware()
    url = "https://news.example.com/robots.txt"
    mw.process_response(_spider_robots_request(url), _robots_response(url, "User-agent: *\n"))
    page = _robots_middleware_request("https://news.example.com/robots.txt.html")
    mw.process_response(page, _robots_response(page.url, "User-agent: *\n"))
    assert mw.process_request(_spider_robots_request(url)) is None
    assert mw.process_request(_spider_robots_request(page.url)) is None


def test_each_hop_of_a_redirected_robots_download_is_kept():
    mw, _ = _reuse_middleware()
    first = _robots_middleware_request("http://news.example.com/robots.txt")
    moved = Response(
        first.url, status=301, headers={"Location": "https://news.example.com/robots.txt"}
    )
    mw.process_response(first, moved)
    final = first.replace(url="https://news.example.com/robots.txt")  # as RedirectMiddleware does
    mw.process_response(final, _robots_response(final.url, "User-agent: *\n"))
    assert mw.process_request(_spider_robots_request(first.url)).status == 301
    assert mw.process_request(_spider_robots_request(final.url)).status == 200


def test_a_robots_download_that_ends_in_an_exception_answers_nothing():
    mw, _ = _reuse_middleware()
    own = _robots_middleware_request("https://news.example.com/robots.txt")
    mw.process_response(own, Response(own.url, status=503))  # first try; then retried
    mw.process_exception(own.copy(), TimeoutError("the retry timed out"))
    assert mw.process_request(_spider_robots_request(own.url)) is None  # downloads itself


def test_robots_responses_nobody_asks_for_are_kept_up_to_the_limit():
    mw, _ = _reuse_middleware(NEWSCRAWL_ROBOTS_REUSE_KEPT=2)
    urls = [f"https://host{i}.example.com/robots.txt" for i in range(3)]
    for url in urls:
        mw.process_response(
            _robots_middleware_request(url), _robots_response(url, "User-agent: *\n")
        )
    assert mw.process_request(_spider_robots_request(urls[0])) is None  # the oldest went
    for url in urls[1:]:
        assert mw.process_request(_spider_robots_request(url)) is not None


@pytest.mark.parametrize(
    "setting", [{"ROBOTSTXT_OBEY": False}, {"NEWSCRAWL_ROBOTS_REUSE_ENABLED": False}]
)
def test_robots_reuse_is_off_when_disabled_or_robots_txt_is_not_obeyed(setting):
    with pytest.raises(NotConfigured):
        _reuse_middleware(**setting)


# ---------------------------------------------------------------------- encoding repair

LATIN = (
    "<html lang='en'><body><p>In café, Zürich, naïve, São Paulo, crème brûlée.</p></body></html>"
)
ARABIC = "<html lang='ar'><body><p>أعلن الوزير افتتاح الجسر الجديد في المدينة.</p></body></html>"


def test_wrong_utf8_label_on_windows_1252_is_relabelled_by_language():
    text, what = repair_text(LATIN.encode("cp1252"), "utf-8")
    assert what == "relabelled"
    assert "naïve, São Paulo, crème brûlée" in text


def test_wrong_utf8_label_on_windows_1256_arabic_is_relabelled_by_language():
    text, what = repair_text(ARABIC.encode("cp1256"), "UTF-8")
    assert what == "relabelled"
    assert "أعلن الوزير افتتاح الجسر" in text


def test_wrong_utf8_label_without_a_language_falls_back_to_windows_1252():
    page = LATIN.replace(" lang='en'", "")
    text, _ = repair_text(page.encode("cp1252"), "utf-8")
    assert "naïve, São Paulo, crème brûlée" in text


@pytest.mark.parametrize("page", [LATIN, ARABIC])
def test_double_encoded_utf8_mojibake_is_undone(page):
    broken = sloppy_cp1252(page.encode("utf-8")).encode("utf-8")
    text, what = repair_text(broken, "utf-8")
    assert what == "mojibake"
    assert text == page


@pytest.mark.parametrize(
    ("page", "charset"),
    [
        (LATIN, "utf-8"),
        (ARABIC, "utf-8"),
        (ARABIC, "windows-1256"),
        (LATIN, "iso-8859-1"),
        (
            "<p>\u201cCurly\u201d quotes, \ufb01 ligatures, \uff37\uff29\uff24\uff25, "
            "\u00c3 alone, 1 \u20ac \u2013 fine</p>",
            "utf-8",
        ),
    ],
)
def test_correctly_labelled_pages_are_left_alone(page, charset):
    assert repair_text(page.encode(charset), charset) is None


def test_encoding_repair_middleware_relabels_page_responses_only():
    crawler = get_crawler(settings_dict=_project_defaults("NEWSCRAWL_ENCODING_REPAIR_"))
    mw = build_from_crawler(EncodingRepairMiddleware, crawler)
    body = LATIN.encode("cp1252")
    url = "https://news.example.com/2026/03/01/story/"
    response = HtmlResponse(url, body=body, headers={"Content-Type": "text/html; charset=utf-8"})
    fixed = mw.process_response(Request(url, meta={"nc_kind": "article"}), response)
    assert fixed.encoding == "utf-8"
    assert "naïve, São Paulo, crème brûlée" in fixed.text
    assert crawler.stats.get_value("newscrawl/encoding/repaired/relabelled") == 1
    feed = Request(url, meta={"nc_kind": "feed"})
    assert mw.process_response(feed, response) is response


# ---------------------------------------------------------------------- SSRF: resolver


def _resolve_with(monkeypatch, answer: str, name: str, **settings):
    from scrapy.resolver import CachingThreadedResolver
    from twisted.internet import defer

    monkeypatch.setattr(
        CachingThreadedResolver, "getHostByName", lambda self, n, t=(): defer.succeed(answer)
    )
    crawler = get_crawler(settings_dict={**_project_defaults("NEWSCRAWL_SSRF_"), **settings})
    resolver = SSRFSafeResolver.from_crawler(crawler, reactor=object())
    outcome = []
    resolver.getHostByName(name).addCallbacks(outcome.append, lambda f: outcome.append(f.value))
    return outcome[0]


def test_resolver_refuses_a_name_that_resolves_to_a_private_address(monkeypatch):
    from twisted.internet.error import DNSLookupError

    result = _resolve_with(monkeypatch, "10.9.8.7", "rebinding.example.com")
    assert isinstance(result, DNSLookupError)
    assert "private" in str(result)


def test_resolver_passes_public_answers_literals_and_allowed_networks(monkeypatch):
    assert _resolve_with(monkeypatch, "93.184.216.34", "news.example.com") == "93.184.216.34"
    assert _resolve_with(monkeypatch, "10.9.8.7", "10.9.8.7") == "10.9.8.7"  # literal: middleware
    allowed = {"NEWSCRAWL_SSRF_ALLOWED_NETWORKS": ["10.0.0.0/8"]}
    assert _resolve_with(monkeypatch, "10.9.8.7", "mirror.corp", **allowed) == "10.9.8.7"
    off = {"NEWSCRAWL_SSRF_ENABLED": False}
    assert _resolve_with(monkeypatch, "10.9.8.7", "mirror.corp", **off) == "10.9.8.7"


def test_resolver_passes_the_start_addresses_the_guard_registered(monkeypatch):
    _guard("http://127.0.0.1:8080/")  # a crawl of a site on 127.0.0.1 registers it
    assert _resolve_with(monkeypatch, "127.0.0.1", "localhost") == "127.0.0.1"


def test_project_uses_the_ssrf_safe_resolver():
    assert project_settings.TWISTED_DNS_RESOLVER == "newscrawl.middlewares.ssrf.SSRFSafeResolver"


# ---------------------------------------------------------------------- size limits


def _limits(**settings):
    crawler = get_crawler(settings_dict={"DOWNLOAD_MAXSIZE": 1_000_000, **settings})
    return build_from_crawler(SizeLimitStatsMiddleware, crawler), crawler


def test_gzip_bomb_is_stopped_at_the_max_size_and_counted():
    import gzip

    mw, crawler = _limits()
    bomb = gzip.compress(b"\0" * 5_000_000)
    url = "https://news.example.com/2026/03/01/bomb/"
    response = Response(url, body=bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(IgnoreRequest, match="DOWNLOAD_MAXSIZE"):
        mw.process_response(Request(url), response)
    assert crawler.stats.get_value("newscrawl/limits/too_large/decompressed") == 1
    small = Response(url, body=gzip.compress(b"<html>ok</html>"), headers={
        "Content-Encoding": "gzip", "Content-Type": "text/html"})  # fmt: skip
    assert mw.process_response(Request(url), small).body == b"<html>ok</html>"


@pytest.mark.parametrize(
    ("message", "counted"),
    [
        ("", 1),  # a streamed body cut at the limit
        ("Expected to receive 40000000 bytes which is larger than download max size", 1),
        ("cancelled by the user", None),
    ],
)
def test_downloads_cancelled_at_the_max_size_are_counted(message, counted):
    mw, crawler = _limits()
    request = Request("https://news.example.com/huge/")
    assert mw.process_exception(request, DownloadCancelledError(message)) is None
    assert mw.process_exception(request, TimeoutError()) is None
    assert crawler.stats.get_value("newscrawl/limits/too_large/download") == counted
