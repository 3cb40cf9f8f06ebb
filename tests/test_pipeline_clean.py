from __future__ import annotations

import pytest
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from newscrawl.exceptions import IncompleteArticle
from newscrawl.items import ArticleItem
from newscrawl.pipelines.clean import CleanArticlePipeline

BODY = " ".join(["word"] * 60)


def _pipeline(**settings):
    crawler = get_crawler(settings_dict={"NEWSCRAWL_CLEAN_MIN_BODY_WORDS": 40, **settings})
    crawler.stats.open_spider()
    return build_from_crawler(CleanArticlePipeline, crawler), crawler


def test_clean_normalises_text_fields_and_fills_hash_and_word_count():
    pipeline, _ = _pipeline()
    item = ArticleItem(
        url="https://example.com/a",
        title="  Cafe\u0301 &amp; bar\u200b ",
        authors=["Jane  Doe", "jane doe", ""],
        tags=["Syria", "syria"],
        body=f"Damascus, SANA-\u200b{BODY}\n\n\n  Second   para. ",
    )
    out = pipeline.process_item(item)
    assert out.title == "Café & bar"
    assert out.authors == ["Jane Doe"]
    assert out.tags == ["Syria"]
    assert out.body.endswith("\n\nSecond para.")
    assert "\u200b" not in out.body
    assert out.word_count == 63  # "SANA-word" is one hyphenated word
    assert len(out.body_hash) == 40


def test_clean_drops_an_empty_body_and_counts_it():
    pipeline, crawler = _pipeline()
    with pytest.raises(IncompleteArticle, match="no body text"):
        pipeline.process_item(ArticleItem(url="https://example.com/a", title="T", body=" \u200b "))
    assert crawler.stats.get_value("newscrawl/clean/dropped/no_body") == 1


def test_clean_drops_a_short_body_and_counts_it():
    pipeline, crawler = _pipeline()
    with pytest.raises(IncompleteArticle, match="body of 3 words"):
        pipeline.process_item(ArticleItem(url="https://example.com/a", body="Only three words"))
    assert crawler.stats.get_value("newscrawl/clean/dropped/short_body") == 1


def test_clean_counts_missing_fields():
    pipeline, crawler = _pipeline()
    pipeline.process_item(ArticleItem(url="https://example.com/a", body=BODY))
    assert crawler.stats.get_value("newscrawl/clean/missing/title") == 1
    assert crawler.stats.get_value("newscrawl/clean/missing/published") == 1


def test_clean_rejects_a_negative_minimum():
    with pytest.raises(ValueError, match="NEWSCRAWL_CLEAN_MIN_BODY_WORDS"):
        _pipeline(NEWSCRAWL_CLEAN_MIN_BODY_WORDS=-1)


@pytest.mark.parametrize(
    "raw",
    [
        "First paragraph.\n\nSecond one, with  spaces.",
        "Tom &amp;amp; Jerry",  # decoded once more by a second pass
        "e\u200d\u0301 composes once the joiner is gone",
        "line\r\nbreaks\u2028and\u2029separators",
    ],
)
def test_body_hash_of_a_normalised_body_is_the_same_without_the_second_pass(raw):
    from newscrawl.extract.text import body_hash, normalize_text

    body = normalize_text(raw)
    assert body_hash(body, normalized=True) == body_hash(body)


def test_clean_pipeline_hashes_its_normalised_body_as_body_hash_does():
    from newscrawl.extract.text import body_hash, normalize_text

    crawler = get_crawler(settings_dict={"NEWSCRAWL_CLEAN_MIN_BODY_WORDS": 0})
    pipeline = build_from_crawler(CleanArticlePipeline, crawler)
    raw = "Caf\u00e9 &amp; bar.\r\n\r\ne\u200d\u0301 and more words here."
    item = pipeline.process_item(ArticleItem(url="https://news.example/a", body=raw))
    assert item.body == normalize_text(raw)
    assert item.body_hash == body_hash(item.body)


def test_clean_pipeline_does_not_import_the_extraction_rules():
    """The crawl process loads the text helpers only; the rule data stays in the workers."""
    import subprocess
    import sys

    code = (
        "import sys, newscrawl.pipelines.clean, newscrawl.extract as e\n"
        "print(sorted(m for m in sys.modules if m.startswith('newscrawl.extract')))\n"
        "print(e.extract_article.__module__, e.parse_document.__module__)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == "['newscrawl.extract', 'newscrawl.extract.text']"
    # the extraction functions are still there, imported on first use
    assert out[1] == "newscrawl.extract.article newscrawl.extract.document"
