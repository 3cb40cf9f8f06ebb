"""The JSON Lines exporter writes the bytes Scrapy's writes."""

from __future__ import annotations

import dataclasses
import io
from typing import Any

import pytest
from crawling import make_crawler
from scrapy.exporters import JsonLinesItemExporter
from scrapy.utils.misc import load_object

from newscrawl.extensions.jsonlines import DataclassJsonLinesItemExporter
from newscrawl.items import ArticleItem


def _article(**extra: Any) -> ArticleItem:
    return ArticleItem(
        url="https://news.example/a/",
        canonical_url="https://news.example/a/",
        title='Café «quoted» "title"\u2028',
        authors=["Jane Doe", "Ĳ Ωmega"],
        body="First paragraph.\n\nSecond — with emoji 🎉 and \\ backslash.",
        published="2024-05-01T10:00:00+00:00",
        tags=[],
        sources={"title": "jsonld"},
        **extra,
    )


@dataclasses.dataclass
class _Serialized:
    name: str
    size: int = dataclasses.field(default=0, metadata={"serializer": str})


@pytest.mark.parametrize(
    "options",
    [{"encoding": "utf-8"}, {}, {"encoding": "latin-1"}, {"fields_to_export": ["title", "url"]},
     {"export_empty_fields": True}, {"indent": 2}, {"encoding": "utf-8", "sort_keys": True}],
)  # fmt: skip
def test_lines_are_scrapys(options):
    with_warc = _article()
    with_warc.warc = {"file": "x.warc.gz", "offset": 12}
    items = [_article(), with_warc, _Serialized("n", 3), {"plain": "dict", "n": [1, 2]}]
    outputs = []
    for exporter_class in (JsonLinesItemExporter, DataclassJsonLinesItemExporter):
        out = io.BytesIO()
        exporter = exporter_class(out, **options)
        exporter.start_exporting()
        lines: list[object] = []
        for item in items:
            try:
                exporter.export_item(item)
            except Exception as exc:  # the same failure (an unencodable character, ...)
                lines.append(repr(exc))
        exporter.finish_exporting()
        outputs.append((out.getvalue(), lines))
    assert outputs[0] == outputs[1]
    assert outputs[1][0].count(b"\n") + len(outputs[1][1]) == len(items)


def test_article_lines_take_the_direct_path():
    exporter = DataclassJsonLinesItemExporter(io.BytesIO(), encoding="utf-8")
    assert exporter._plain_fields(ArticleItem)[:2] == ("id", "url")
    assert "warc" in exporter._plain_fields(ArticleItem)  # exported when set
    assert exporter._plain_fields(_Serialized) == ()  # a serializer: Scrapy's path
    assert exporter._plain_fields(dict) == ()
    picky = DataclassJsonLinesItemExporter(io.BytesIO(), fields_to_export=["title"])
    assert picky._plain_fields(ArticleItem) == ()


def test_project_settings_use_the_exporter_for_json_lines():
    exporters = make_crawler().settings.getwithbase("FEED_EXPORTERS")
    for name in ("jsonlines", "jsonl", "jl"):
        assert load_object(exporters[name]) is DataclassJsonLinesItemExporter
