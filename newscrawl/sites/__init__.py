"""Site profiles (YAML data) and their typed loader."""

from __future__ import annotations

from newscrawl.sites.profile import (
    Layout,
    Monitors,
    SiteProfile,
    available_profiles,
    load_profile,
    parse_profile,
)

__all__ = [
    "Layout",
    "Monitors",
    "SiteProfile",
    "available_profiles",
    "load_profile",
    "parse_profile",
]
