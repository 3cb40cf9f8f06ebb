"""A component's switch and bounds: one wording, recognised by the log formatter."""

from __future__ import annotations

import logging

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings

from newscrawl.console.logformatter import OffByDesignFilter
from newscrawl.utils.settings import non_negative_float, require_enabled


def test_a_switched_off_component_names_its_setting():
    with pytest.raises(NotConfigured, match=r"^NEWSCRAWL_X_ENABLED is False$"):
        require_enabled(Settings({"NEWSCRAWL_X_ENABLED": False}), "NEWSCRAWL_X_ENABLED")
    require_enabled(Settings({"NEWSCRAWL_X_ENABLED": "True"}), "NEWSCRAWL_X_ENABLED")
    require_enabled(Settings(), "NEWSCRAWL_X_ENABLED", default=True)
    with pytest.raises(NotConfigured):
        require_enabled(Settings(), "NEWSCRAWL_X_ENABLED")


def test_scrapys_disabled_line_for_a_switched_off_component_is_info():
    with pytest.raises(NotConfigured) as off:
        require_enabled(Settings({"NEWSCRAWL_X_ENABLED": False}), "NEWSCRAWL_X_ENABLED")
    record = logging.LogRecord(
        "scrapy.middleware", logging.WARNING, __file__, 1, "Disabled %(clspath)s: %(eargs)s",
        ({"clspath": "newscrawl.middlewares.x.X", "eargs": str(off.value)},), None,
    )  # fmt: skip
    assert OffByDesignFilter().filter(record)
    assert record.levelno == logging.INFO


def test_a_negative_bound_is_an_error_naming_the_setting():
    assert non_negative_float(Settings({"NEWSCRAWL_X_MAX": "2.5"}), "NEWSCRAWL_X_MAX") == 2.5
    with pytest.raises(ValueError, match=r"^NEWSCRAWL_X_MAX: expected >= 0, got -1.0$"):
        non_negative_float(Settings({"NEWSCRAWL_X_MAX": -1}), "NEWSCRAWL_X_MAX")
