"""Load the extraction code and its models once, in the worker pool's fork server.

`newscrawl.runtime.pool` names this module in ``set_forkserver_preload``: the fork server imports
it, which analyses one small built-in page, so the lazy imports and the language model are
loaded once and every worker forked afterwards starts warm (and shares those pages; the
objects are frozen out of the garbage collector so that workers do not copy them).
"""

from __future__ import annotations

import gc
import logging

logger = logging.getLogger(__name__)

_SENTENCE = (
    "The ministry said on Monday that the new bridge over the river would open to traffic "
    "next month, after two years of work and several delays caused by the weather. "
)
SAMPLE_PAGE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
    "<title>Bridge to open next month - Example News</title>"
    "<meta property='og:type' content='article'>"
    "<meta property='article:published_time' content='2024-05-03T10:00:00+02:00'>"
    "</head><body><article><h1>Bridge to open next month</h1>"
    "<p class='byline'>By Jane Doe</p>"
    + "".join(f"<p>{_SENTENCE * 3}</p>" for _ in range(6))
    + "</article><footer><a href='/about/'>About</a></footer></body></html>"
).encode()


def warm_up() -> None:
    """Analyse the sample page once (errors are logged: warming is an optimisation)."""
    from newscrawl.runtime.analysis import analyze_page

    try:
        analyze_page(SAMPLE_PAGE, "http://example.com/2024/05/03/bridge-to-open/", "utf-8")
    except Exception:
        logger.warning("pool warm-up failed", exc_info=True)


warm_up()
# Keep the collector away from everything loaded so far: a collection in a forked worker
# would otherwise write to (and so copy) every page it shares with the fork server.
gc.freeze()
