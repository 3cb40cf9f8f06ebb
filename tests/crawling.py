"""Test helpers: crawlers with the project's settings."""

from __future__ import annotations

from typing import Any

from scrapy.settings import BaseSettings
from scrapy.utils.test import get_crawler


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
