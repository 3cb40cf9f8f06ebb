"""The demo themes: one kind of WordPress site each, on one shared base.

- `base`: what every theme does alike (linked pages, URLs from the permalinks in
  ``newscrawl/demo/themes.yaml``, sitemaps, routing of feeds, robots.txt and files, listings
  with their pagination, article bodies, padded article pages), with hooks for the markup;
- `facts`: a theme's facts, loaded from ``themes.yaml``;
- `wordpress`: feeds, sitemaps, robots.txt and static files as WordPress serves them;
- `padding`: markup that brings pages to a set size;
- `sahifa_chrome` -> `sahifa_article` -> `sahifa`: SANA's archive site (``?p=ID`` URLs);
- `modern_article` -> `modern`: a current WordPress news theme.

A theme's facts (site name, sections, dates, ids, URLs, sitemaps, links) are data in
``themes.yaml``; its modules hold only its markup and its own routes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.demo.themes.modern import ModernTheme
from newscrawl.demo.themes.sahifa import SahifaTheme

if TYPE_CHECKING:
    from newscrawl.demo.themes.base import Theme

_THEMES: dict[str, type[Theme]] = {"sahifa": SahifaTheme, "modern": ModernTheme}
THEMES = tuple(_THEMES)


def make_theme(name: str) -> Theme:
    """Return a new theme by name; raise ValueError for an unknown one."""
    if name not in _THEMES:
        raise ValueError(f"unknown demo theme {name!r}; choose one of {', '.join(THEMES)}")
    return _THEMES[name]()
