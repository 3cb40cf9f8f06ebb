"""Spidermon monitors of a scheduled run: enough articles, few errors, fields filled.

Thresholds come from the site profile (``monitors:`` in the YAML) and otherwise from settings:

- ``min articles``: articles exported plus exported articles seen again and skipped (or listed
  by a feed or sitemap that answered ``304 Not Modified``), at least
  NEWSCRAWL_MONITOR_MIN_ARTICLES (a site that stops yielding articles, e.g. after a redesign);
- ``max error rate``: failed requests (after retries: connection refused, DNS lookup failed,
  timeouts, server errors, pages that could not be analysed) per request, each request
  counted once however often it was retried (`newscrawl.run.outcome.failed_requests`),
  at most NEWSCRAWL_MONITOR_MAX_ERROR_RATE;
- ``field coverage``: the share of exported articles with each field of
  NEWSCRAWL_MONITOR_MIN_COVERAGE (``{"title": 0.95, …}``) at or above its floor.

`RecordResults` stores every monitor's outcome for the run manifest and records a failed one
as the run's failure (`newscrawl.run.outcome`): ``newscrawl crawl`` and ``scrapy crawl``
exit non-zero.

Settings: SPIDERMON_ENABLED, NEWSCRAWL_MONITOR_MIN_ARTICLES, NEWSCRAWL_MONITOR_MAX_ERROR_RATE,
NEWSCRAWL_MONITOR_MIN_COVERAGE.
"""

from __future__ import annotations

import warnings
from typing import Any

from scrapy.exceptions import ScrapyDeprecationWarning
from spidermon import Monitor, MonitorSuite, monitors
from spidermon.core.actions import Action

from newscrawl.run.ledger import ledger_of
from newscrawl.run.outcome import failed_requests, record_failure

# Spidermon 1.27 (the newest release) logs its results through `Spider.log()`, which Scrapy
# 2.14+ deprecates: a WARNING line in every scheduled run that no user can act on.
warnings.filterwarnings(
    "ignore",
    message=r"Spider\.log\(\) is deprecated",
    category=ScrapyDeprecationWarning,
    module=r"spidermon\.",
)

__unittest = True
"""Hide this module's frames from monitor failure reports: the log shows the reason alone."""


def _thresholds(data: Any) -> tuple[int, float, dict[str, float]]:
    settings = data.crawler.settings
    coverage = settings.getdict("NEWSCRAWL_MONITOR_MIN_COVERAGE")
    return (
        settings.getint("NEWSCRAWL_MONITOR_MIN_ARTICLES"),
        settings.getfloat("NEWSCRAWL_MONITOR_MAX_ERROR_RATE"),
        {k: float(v) for k, v in coverage.items()},
    )


def _stat(data: Any, key: str) -> int:
    return int(data.stats.get(key, 0) or 0)


@monitors.name("newscrawl")
class RunMonitor(Monitor):  # type: ignore[misc]
    """Check that a run found articles, had few errors and filled the article fields."""

    @monitors.name("min articles")  # type: ignore[untyped-decorator]
    def test_min_articles(self) -> None:
        minimum, _, _ = _thresholds(self.data)
        exported = _stat(self.data, "newscrawl/state/monitor/items") or _stat(
            self.data, "item_scraped_count"
        )
        found = (
            exported
            + _stat(self.data, "newscrawl/state/skipped/exported")
            + _stat(self.data, "newscrawl/dedup/dropped/unchanged")
            # listed by sources unchanged since the last clean run (answered 304, not re-read)
            + _stat(self.data, "newscrawl/conditional/listed")
        )
        self.assertGreaterEqual(  # noqa: PT009
            found,
            minimum,
            msg=f"{found} articles found (new or already exported), expected at least {minimum}",
        )

    @monitors.name("max error rate")  # type: ignore[untyped-decorator]
    def test_error_rate(self) -> None:
        _, maximum, _ = _thresholds(self.data)
        errors, requests = failed_requests(self.data.stats)
        rate = min(errors / requests, 1.0) if requests else 0.0
        self.assertLessEqual(  # noqa: PT009
            rate,
            maximum,
            msg=f"error rate {rate:.2f} ({errors} of {requests} requests failed), "
            f"at most {maximum:.2f}",
        )

    @monitors.name("field coverage")  # type: ignore[untyped-decorator]
    def test_field_coverage(self) -> None:
        _, _, floors = _thresholds(self.data)
        items = _stat(self.data, "newscrawl/state/monitor/items")
        if not items:
            return
        low = []
        for name, floor in sorted(floors.items()):
            share = _stat(self.data, f"newscrawl/state/monitor/field/{name}") / items
            if share < floor:
                low.append(f"{name} {share:.2f} < {floor:.2f}")
        self.assertFalse(  # noqa: PT009
            low, msg="field coverage below floor: " + ", ".join(low)
        )


class RecordResults(Action):  # type: ignore[misc]
    """Store each monitor's outcome for the run manifest."""

    def run_action(self) -> None:
        ledger = ledger_of(self.data.crawler)
        results = []
        for outcome in self.result.monitor_results:
            monitor = outcome.item
            name = str(getattr(monitor, "name", "") or monitor).split("/")[-1]
            status = str(outcome.status).upper()
            results.append(
                {
                    "name": name,
                    "status": _STATUS.get(status, "failed"),
                    "reason": _short(getattr(outcome, "reason", None)),
                }
            )
        stats = self.data.crawler.stats
        for result in results:
            key = "failed" if result["status"] in ("failed", "error") else "passed"
            stats.inc_value(f"newscrawl/monitors/{key}")
        failed = [r for r in results if r["status"] in ("failed", "error")]
        if failed:
            reason = "; ".join(f"{r['name']}: {r['reason']}" for r in failed)
            record_failure(self.data.crawler, "monitors", reason)
        if ledger is not None:
            ledger.record_monitors(results)


_STATUS = {"OK": "passed", "SKIPPED": "skipped", "FAIL": "failed", "ERROR": "error"}


def _short(reason: Any) -> str | None:
    if not reason:
        return None
    text = str(reason).strip().splitlines()[-1]
    # unittest prefixes the message with the comparison ("0 not greater than or equal to 1 : …")
    return text.split(" : ", 1)[-1]


class RunMonitorSuite(MonitorSuite):  # type: ignore[misc]
    """The monitors run when the spider closes."""

    monitors = [RunMonitor]  # noqa: RUF012
    monitors_finished_actions = [RecordResults]  # noqa: RUF012
