"""Test helpers: crawlers with the project's settings, and the check of a demo crawl's output."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from scrapy.settings import BaseSettings
from scrapy.utils.test import get_crawler

if TYPE_CHECKING:
    from collections.abc import Iterable

    from newscrawl.demo.site import Site


def project_settings(**overrides: Any) -> dict[str, Any]:
    """Return newscrawl's settings as a dict, with `overrides` applied."""
    settings = BaseSettings()
    settings.setmodule("newscrawl.settings", priority="project")
    values = settings.copy_to_dict()
    values.update(overrides)
    return values


def make_crawler(spidercls: type | None = None, **overrides: Any) -> Any:
    """Return a crawler for `spidercls` configured like a real newscrawl run."""
    return get_crawler(spidercls, settings_dict=project_settings(**overrides))


def assert_each_article_once(site: Site, base: str, canonical_urls: Iterable[str]) -> None:
    """Assert each article of the demo `site` served at `base` was exported once, nothing else.

    An article is exported as itself or (never both) as its syndicated copy: which of the two
    reaches the pipeline first depends on download order, and the second is the near-duplicate.
    """
    counts = Counter(canonical_urls)
    assert not {url: n for url, n in counts.items() if n > 1}, "exported twice"
    unexplained = set(counts)
    for article in site.articles:
        group = article.urls(base)
        assert len(group & set(counts)) == 1, (article.url_path, group & set(counts))
        unexplained -= group
    assert not unexplained
