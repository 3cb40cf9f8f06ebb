"""Run `analyze_page` for the spider: in the reactor thread, or in a pool of worker processes.

Settings: NEWSCRAWL_POOL_ENABLED, NEWSCRAWL_POOL_WORKERS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.analysis import PageAnalysis, analyze_page

if TYPE_CHECKING:
    from collections.abc import Mapping

    from scrapy.crawler import Crawler

    from newscrawl.sites import SiteProfile


class PageAnalyzer:
    """Analyse pages in-process (the reference implementation the pool must match)."""

    def __init__(self, profile: SiteProfile | None) -> None:
        self.profile = profile

    async def analyze(
        self,
        body: bytes,
        url: str,
        encoding: str | None,
        hints: Mapping[str, str] | None,
        fetched_at: str,
    ) -> PageAnalysis:
        """Return the analysis of one page."""
        return analyze_page(body, url, encoding, self.profile, hints, fetched_at)

    def close(self) -> None:
        """Release the analyzer's resources."""


def build_analyzer(crawler: Crawler, profile: SiteProfile | None) -> PageAnalyzer:
    """Return the page analyzer configured by the crawler's settings."""
    return PageAnalyzer(profile)
