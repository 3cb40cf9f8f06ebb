"""Extraction: pure functions turning a page into an article (no Scrapy imports)."""

from __future__ import annotations
