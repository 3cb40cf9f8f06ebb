"""Analysing a page leaves no reference cycles: its tree is freed when the analysis returns.

A cycle (a recursive closure refers to itself through its cell) kept the parsed page alive
until the garbage collector's next pass, and made those passes cost a tenth of a worker's CPU.
"""

from __future__ import annotations

import gc
import gzip
import json
from pathlib import Path

import pytest

from newscrawl.runtime.analysis import analyze_page

FIXTURES = Path(__file__).parent / "fixtures" / "extraction"
FETCHED = "2026-12-01T00:00:00+00:00"

BYLINE_PAGE = b"""<html lang="en"><head><title>Bridge opens - Example News</title></head><body>
<article><h1>Bridge opens</h1>
<div class="byline"><span class="by">By</span> <a rel="author" href="/a/ann">Ann Lee</a><br>
Staff Writer <span class="sr-only">Author</span> and <a rel="author" href="/a/bo">Bo Chen</a></div>
<div class="content"><p>The ministry said on Monday that the new bridge over the river would open
next month, after two years of work and several delays caused by the weather.</p>
<p>Engineers said the <em>last</em> tests of the deck had gone well<br><br>and that traffic could
start as planned, with a speed limit for the first weeks.</p>
<p>The old ferry will keep running until the end of the year for those who prefer it.</p></div>
</article></body></html>"""


def _pages() -> list[object]:
    url = "https://example.com/2024/05/03/bridge-opens/"
    pages = [pytest.param(url, BYLINE_PAGE, id="byline")]
    for name in ("dev", "snippets", "dates"):
        base = FIXTURES / name
        for line in (base / "cases.jsonl").read_text(encoding="utf-8").splitlines()[:10]:
            case = json.loads(line)
            body = gzip.decompress((base / case["html"]).read_bytes())
            pages.append(pytest.param(case["url"], body, id=case["id"]))
    return pages


def _cyclic_garbage(url: str, body: bytes) -> list[object]:
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        analyze_page(body, url, None, None, None, FETCHED)
        gc.collect()
        return list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


@pytest.mark.parametrize(("url", "body"), _pages())
def test_analysing_a_page_leaves_no_reference_cycle(url: str, body: bytes) -> None:
    analyze_page(body, url, None, None, None, FETCHED)  # lazy imports and caches first
    garbage = _cyclic_garbage(url, body)
    kinds = sorted({type(obj).__name__ for obj in garbage})
    functions = sorted({obj.__qualname__ for obj in garbage if callable(obj)})  # type: ignore[attr-defined]
    assert not garbage, f"cyclic garbage: {kinds}; functions {functions}"
