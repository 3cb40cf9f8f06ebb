"""The offline demo news sites: deterministic WordPress-like sites served on 127.0.0.1.

`Site(theme=…, n_articles=…)` generates a site (ground truth in `Site.articles`);
`serve()` serves it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newscrawl.demo.model import ExpectedArticle, Page
from newscrawl.demo.site import Site
from newscrawl.demo.themes import THEMES

if TYPE_CHECKING:
    from newscrawl.demo.server import SiteServer, serve

__all__ = ["THEMES", "ExpectedArticle", "Page", "Site", "SiteServer", "serve"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `python -m newscrawl.demo.server` runs the module once.
    if name in ("serve", "SiteServer"):
        from newscrawl.demo import server

        return getattr(server, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
