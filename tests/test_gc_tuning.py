"""The crawl process's garbage collector: fewer passes while the engine runs, set back after."""

from __future__ import annotations

import gc

import pytest
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.extensions.gc_tuning import GarbageCollectorTuning


@pytest.fixture
def collector_state():
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    yield
    gc.set_threshold(*threshold)
    if gc.get_freeze_count() != frozen:
        gc.unfreeze()


@pytest.mark.usefixtures("collector_state")
def test_the_engine_runs_with_a_higher_threshold_and_the_startup_objects_frozen():
    crawler = get_crawler(settings_dict={"NEWSCRAWL_GC_THRESHOLD": 12_345})
    extension = GarbageCollectorTuning.from_crawler(crawler)  # (signals hold weak references)
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    assert extension.threshold == 12_345

    crawler.signals.send_catch_log(signals.engine_started)
    assert gc.get_threshold() == (12_345, before[1], before[2])
    assert gc.get_freeze_count() > 1000  # modules, classes, the crawler's components

    crawler.signals.send_catch_log(signals.engine_stopped)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("collector_state")
def test_a_threshold_of_zero_leaves_the_collector_alone():
    crawler = get_crawler(settings_dict={"NEWSCRAWL_GC_THRESHOLD": 0})
    with pytest.raises(NotConfigured):
        GarbageCollectorTuning.from_crawler(crawler)


def test_a_negative_threshold_is_refused():
    crawler = get_crawler(settings_dict={"NEWSCRAWL_GC_THRESHOLD": -1})
    with pytest.raises(ValueError, match="NEWSCRAWL_GC_THRESHOLD must be >= 0"):
        GarbageCollectorTuning.from_crawler(crawler)


def test_the_project_settings_enable_it():
    assert project_settings.NEWSCRAWL_GC_THRESHOLD > 700
    assert "newscrawl.extensions.gc_tuning.GarbageCollectorTuning" in project_settings.EXTENSIONS
