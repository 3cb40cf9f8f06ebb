"""The offline demo news sites: deterministic WordPress-like sites served on 127.0.0.1.

`build_site()` generates a site (ground truth in `Site.articles`); `serve()` serves it.
"""

from __future__ import annotations

from newscrawl.demo.model import ExpectedArticle, Page
from newscrawl.demo.server import SiteServer, serve
from newscrawl.demo.site import THEMES, Site, build_site

__all__ = ["THEMES", "ExpectedArticle", "Page", "Site", "SiteServer", "build_site", "serve"]
