"""Unit tests for rule data applied by the paragraph cleanup (`extract/boilerplate.py`)."""

from __future__ import annotations

from newscrawl.extract.boilerplate import cleanup_paragraphs, is_dateish

TEXT = [
    "New York is the centre of the pandemic in the United States, the mayor said on Monday.",
    "Sport has come to a standstill there as well, and the leagues have stopped their games.",
]


def test_an_availability_stamp_is_a_date_stamp():
    assert is_dateish("Video verfügbar bis 28.02.2021")
    assert cleanup_paragraphs([TEXT[0], "Video verfügbar bis 28.02.2021", TEXT[1]]) == TEXT
    assert not is_dateish("Tickets verfügbar für 28 Euro bis Montag")
