"""newscrawl: a Scrapy news crawler that turns news sites into clean, deduplicated JSONL."""

from __future__ import annotations

__version__ = "0.1.0"
