"""Spidermon's extension is built when SPIDERMON_ENABLED, and not even imported otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from crawling import make_crawler
from scrapy.exceptions import NotConfigured

from newscrawl.extensions.spidermon import SpidermonWhenEnabled


def test_disabled_spidermon_is_not_imported():
    code = (
        "import sys\n"
        "from scrapy.utils.conf import build_component_list\n"
        "from scrapy.utils.misc import load_object\n"
        "from scrapy.utils.project import get_project_settings\n"
        "settings = get_project_settings()\n"
        "for path in build_component_list(settings.getwithbase('EXTENSIONS')):\n"
        "    load_object(path)\n"
        "loaded = any(m.startswith('spidermon') for m in sys.modules)\n"
        "print(settings.getbool('SPIDERMON_ENABLED'), loaded)\n"
    )
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout.split()
    assert out == ["False", "False"]


def test_enabled_spidermon_is_spidermons_extension():
    from spidermon.contrib.scrapy.extensions import Spidermon

    with pytest.raises(NotConfigured) as off:
        SpidermonWhenEnabled.from_crawler(make_crawler())
    assert off.value.args == ()  # as Spidermon's: Scrapy logs no "Disabled" warning
    extension = SpidermonWhenEnabled.from_crawler(make_crawler(SPIDERMON_ENABLED=True))
    assert type(extension) is Spidermon
    assert [type(s).__name__ for s in extension.spider_closed_suites] == ["RunMonitorSuite"]
