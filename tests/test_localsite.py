"""The benchmark site generator (benchmarks/localsite.py): no article dated after a given day."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from localsite import LATEST_DAY, make_site

from newscrawl.demo.site import Site


def _unshifted(n: int) -> Site:
    return Site(theme="modern", n_articles=n, seed=20261126, page_kb=20, sitemap_size=2000)


def test_long_site_ends_by_the_latest_day_with_the_same_pages() -> None:
    plain = _unshifted(300)  # about 40 days from the theme's start (2025-09-01)
    latest = date(2025, 9, 20)
    assert plain.posts[-1].published.date() > latest
    site = make_site(300, 20, "modern", latest=latest)
    newest = max(p.published for p in site.posts)
    assert newest.date() <= latest
    assert newest.date() >= latest - timedelta(days=8)  # moved by whole weeks, no more
    shift = plain.posts[0].published - site.posts[0].published
    assert shift.days % 7 == 0
    assert shift.seconds == 0
    assert [p.title for p in site.posts] == [p.title for p in plain.posts]
    assert [p.published for p in site.posts] == [p.published - shift for p in plain.posts]
    # several articles a day, as before
    assert len({p.published.date() for p in site.posts}) < len(site.posts) / 3
    # same page sizes but for the dates they print
    for old, new in zip(plain.article_posts[::29], site.article_posts[::29], strict=True):
        a, b = plain.get(plain.post_path(old)), site.get(site.post_path(new))
        assert a is not None
        assert b is not None
        assert abs(len(a.body) - len(b.body)) < 100


def test_site_that_ends_in_time_is_unchanged() -> None:
    plain = _unshifted(120)
    site = make_site(120, 20, "modern")
    assert site.posts[-1].published.date() < LATEST_DAY
    for path in plain.paths()[::5]:
        assert site.get(path) == plain.get(path)
