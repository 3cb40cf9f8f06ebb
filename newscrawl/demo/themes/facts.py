"""The facts of the demo themes' sites, read from ``newscrawl/demo/themes.yaml``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date  # noqa: TC003 -- a dataclass field type
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class ThemeFacts:
    """What a theme's site is, besides its markup (from ``newscrawl/demo/themes.yaml``)."""

    site_name: str
    default_sections: tuple[str, ...]
    default_start: date
    first_post_id: int
    galleries: bool
    """Sahifa articles carry galleries with captions; modern ones inline figures."""
    always_modified: bool
    """Whether pages state a modification date even when the post was never modified."""
    permalinks: dict[str, str]
    """Path templates (`str.format`) of posts and their print/AMP variant (``post_id``,
    ``section``), sections (``cat_id``, ``slug``), tags (``slug``), authors (``author_id``,
    ``slug``) and month archives (``year``, ``month``)."""
    robots_sitemaps: tuple[str, ...]
    """Sitemaps named in robots.txt, the index first (``/sitemap.xml`` redirects to it)."""
    post_sitemaps: tuple[str, str]
    """Path of the first post sitemap, and template of the n-th (``{n}``, from 2)."""
    sitemap_stylesheets: tuple[str, ...]
    """Paths of the XSL stylesheets of the sitemap index and of the other sitemaps, or none."""
    sitemap_files: dict[str, tuple[str, ...]]
    """Path of each sitemap besides the index and the post sitemaps, and what it lists:
    ``home``, ``pages`` (static pages), ``sections``, ``tags``, ``authors`` or ``news`` (a Google
    News sitemap)."""
    sitemap_lastmods: bool
    """Whether sitemaps give a lastmod for listings and the index for its sitemaps."""
    static_pages: dict[int, str]
    """Path of each static page (about, contact) by page id."""
    search_terms: tuple[str, ...]
    """Search terms linked from every page."""
    tracking: tuple[tuple[int, str], ...]
    """Article index and query of the tracking variants linked from the home page."""
    page_window: int
    """Pagination links shown on either side of the current page."""


@functools.cache
def theme_facts(name: str) -> ThemeFacts:
    """Return the facts of theme `name` from ``themes.yaml``."""
    text = resources.files("newscrawl.demo").joinpath("themes.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)[name]
    return ThemeFacts(**{key: _frozen(value) for key, value in raw.items()})


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value
