"""Read a component's own switches and bounds from the settings, with one wording of errors.

A component switched off by its ``NEWSCRAWL_*_ENABLED`` setting raises ``NotConfigured`` naming
that setting; the log formatter (``console/logformatter.py``) recognises the name and logs the
"Disabled …" line at INFO, since the component is off by design.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


def require_enabled(settings: BaseSettings, name: str, *, default: bool = False) -> None:
    """Raise ``NotConfigured`` unless the boolean setting `name` is on."""
    if not settings.getbool(name, default):
        raise NotConfigured(f"{name} is False")


def non_negative_float(settings: BaseSettings, name: str) -> float:
    """Return the float setting `name`; a negative value is a ``ValueError`` naming it."""
    value = settings.getfloat(name)
    if value < 0:
        raise ValueError(f"{name}: expected >= 0, got {value}")
    return value
