"""Downloader middlewares for the hostile web: SSRF guard, content filter, politeness."""

from __future__ import annotations

from newscrawl.middlewares.content import ContentFilterMiddleware, SkippedContent
from newscrawl.middlewares.crawl_delay import CrawlDelayMiddleware
from newscrawl.middlewares.encoding import EncodingRepairMiddleware
from newscrawl.middlewares.limits import SizeLimitStatsMiddleware
from newscrawl.middlewares.retry_after import RetryAfterMiddleware
from newscrawl.middlewares.ssrf import SSRFGuardMiddleware, SSRFRefused
from newscrawl.middlewares.user_agent import ContactUserAgentMiddleware

__all__ = [
    "ContactUserAgentMiddleware",
    "ContentFilterMiddleware",
    "CrawlDelayMiddleware",
    "EncodingRepairMiddleware",
    "RetryAfterMiddleware",
    "SSRFGuardMiddleware",
    "SSRFRefused",
    "SizeLimitStatsMiddleware",
    "SkippedContent",
]
