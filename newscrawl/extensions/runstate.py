"""Tie a crawl to its site's run state: the extension that keeps the run ledger.

On start (before any request) it makes the run ledger (`newscrawl.run.ledger.RunLedger`: site
lock, run state, recovery of killed runs' leftovers) and attaches it to the crawler, where the
components that note things for the run find it (`newscrawl.run.ledger.ledger_of`). It counts
exported articles; when the feed exporter is done it has the ledger commit the output and the
watermarks; when the engine stops it writes the run manifest
``<output dir>/<site>/<run-id>.manifest.json`` and closes the ledger (state, lock).

Settings: NEWSCRAWL_STATE_ENABLED (see `newscrawl.run.ledger` for the others).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newscrawl.run.ledger import RunLedger, attach
from newscrawl.run.manifest import build_manifest, write_manifest
from newscrawl.utils.settings import require_enabled

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class RunStateExtension:
    """Make the run ledger of the crawled site, and drive it by the crawl's signals."""

    def __init__(self, crawler: Crawler) -> None:
        require_enabled(crawler.settings, "NEWSCRAWL_STATE_ENABLED")
        if not crawler.settings.get("NEWSCRAWL_SITE"):
            raise NotConfigured("the run state needs the news spider")
        self.ledger = RunLedger(crawler)
        attach(crawler, self.ledger)
        connect = crawler.signals.connect
        connect(self.ledger.count_recovery, signal=signals.spider_opened)  # stats are open
        connect(self.ledger.count_export, signal=signals.item_scraped)
        connect(self.ledger.record_export, signal=signals.feed_exporter_closed)
        connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def engine_stopped(self) -> None:
        """Write the run manifest, close the state and release the lock."""
        try:
            write_manifest(self.ledger.manifest_path, build_manifest(self.ledger))
            logger.info("run manifest: %s", self.ledger.manifest_path)
        finally:
            self.ledger.close()
