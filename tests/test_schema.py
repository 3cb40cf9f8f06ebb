"""The JSON Schema of one article line: valid, complete, and strict about the formats."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from newscrawl.console.schema import FIELDS, article_schema
from newscrawl.items import ARTICLE_FIELDS, ArticleItem


def _line() -> dict:
    item = ArticleItem(
        id="61d361e326a2e6d6cbda33c5dfc23fceff5c9dcb",
        url="https://example.com/news/1/",
        canonical_url="https://example.com/news/1/",
        site="example.com",
        title="A title",
        published="2026-11-01T10:00:00+03:00",
        body="Some text.",
        word_count=2,
        fetched_at="2026-11-02T10:00:00+00:00",
        body_hash="9f1c2b3a4d5e6f708192a3b4c5d6e7f809102132",
    )
    return json.loads(json.dumps(item.to_dict()))


def test_schema_command_prints_a_valid_schema_of_every_contract_key():
    proc = subprocess.run(
        [sys.executable, "-m", "newscrawl", "schema"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    schema = json.loads(proc.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["required"] == list(ARTICLE_FIELDS)
    assert set(ARTICLE_FIELDS) <= set(FIELDS)


def test_an_article_item_validates():
    jsonschema.validate(_line(), article_schema())


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("published", "2026-11-01"),
        ("published", "2026-11-01T10:00:00"),
        ("language", "English"),
        ("url", "notaurl"),
        ("word_count", -1),
        ("authors", "Jane Doe"),
        ("extra", 1),
    ],
)
def test_a_line_with_a_wrong_value_is_refused(key, value):
    line = {**_line(), key: value}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(line, article_schema())
