"""Request dupefilter of scheduled runs: the run state, not ``requests.seen``, spans runs.

Scrapy's `RFPDupeFilter` writes every request it lets through to ``JOBDIR/requests.seen``
when it is *scheduled*. A request that was in flight when a run died is in that file but in no
queue, so a JOBDIR resume would never fetch it again, and the article behind it would be
lost. With the run state on, this filter keeps the seen set of the current run only: a resumed
run goes through discovery again (the spider's start requests are let through), already
exported articles are skipped by `IncrementalMiddleware`, the persisted queue is worked off as
usual, and the dedup pipeline drops the odd article fetched twice. Without the run state it is
`RFPDupeFilter` unchanged.

Settings: DUPEFILTER_CLASS (this class by default), NEWSCRAWL_STATE_ENABLED, JOBDIR.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.dupefilters import RFPDupeFilter
from scrapy.utils.job import job_dir

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


class RunStateDupeFilter(RFPDupeFilter):
    """`RFPDupeFilter` that does not persist seen requests when the run state is on."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        persist = not settings.getbool("NEWSCRAWL_STATE_ENABLED")
        return cls(
            job_dir(settings) if persist else None,
            settings.getbool("DUPEFILTER_DEBUG"),
            fingerprinter=crawler.request_fingerprinter,
        )
