"""Discovery: pure functions finding candidate article URLs (robots, sitemaps, feeds, links)."""

from __future__ import annotations
