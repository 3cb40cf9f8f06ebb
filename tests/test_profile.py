from __future__ import annotations

import pytest

from newscrawl.exceptions import ProfileError
from newscrawl.sites import available_profiles, load_profile, parse_profile

MINIMAL = "name: mysite\nstart_urls: [https://news.example.com/]\n"


def test_sana_profile_loads_with_both_layouts():
    profile = load_profile("sana")
    assert profile.name == "sana"
    assert [layout.name for layout in profile.layouts] == ["current", "archive"]
    assert profile.crawl_delay == 5
    assert "sana" in available_profiles()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://sana.sy/en/politics/123456/", True),
        ("https://archive.sana.sy/en/?p=151234", True),
        ("https://sana.sy/en/politics/page/2/", False),
        ("https://archive.sana.sy/en/?cat=2&paged=3", False),
        ("https://sana.sy/en/tag/damascus/", False),
    ],
)
def test_sana_profile_classifies_urls(url, expected):
    assert load_profile("sana").is_article_url(url) is expected


def test_sana_dateline_pattern_finds_the_place():
    pattern = load_profile("sana").dateline_pattern
    assert pattern is not None
    for text in ("Damascus, SANA-Syria affirmed", "Damascus, Oct. 2 (SANA) \u2013 The"):
        match = pattern.match(text)
        assert match is not None
        assert match.group("place") == "Damascus"


def test_profile_without_patterns_leaves_the_decision_to_the_page():
    assert parse_profile(MINIMAL).is_article_url("https://news.example.com/a/") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: [unclosed\n", "line 2: YAML syntax error"),
        (MINIMAL + "colour: blue\n", "colour: unknown key"),
        (MINIMAL + "crawl_delay: soon\n", "crawl_delay: expected int/float, got str"),
        (
            MINIMAL + "article_url_patterns: ['(unclosed']\n",
            "article_url_patterns[0]: invalid regular",
        ),
        (
            MINIMAL + "layouts: [{name: x, selectors: {title: 'h1[class='}}]\n",
            "layouts[0].selectors.title: invalid selector",
        ),
        (
            MINIMAL + "layouts: [{name: x, selectors: {body: '//div[@'}}]\n",
            "layouts[0].selectors.body: invalid selector",
        ),
        (MINIMAL + "layouts: [{name: x, selectors: {colour: h1}}]\n", "selectors.colour: unknown"),
        ("start_urls: [https://x.example/]\n", "name: required key is missing"),
        ("name: x\nstart_urls: [ftp://x.example/]\n", "start_urls[0]: not an http(s) URL"),
        (MINIMAL + "timezone: Mars/Olympus\n", "timezone: expected a zone name like"),
        (MINIMAL + "dateline_pattern: '^\\w+,'\n", "dateline_pattern: needs a named group"),
    ],
)
def test_bad_profiles_name_the_file_the_key_and_the_problem(text, message):
    with pytest.raises(ProfileError) as info:
        parse_profile(text, "mysite.yaml")
    assert str(info.value).startswith("mysite.yaml: ")
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_unknown_profile_name_lists_the_bundled_ones():
    with pytest.raises(ProfileError, match=r"no such profile \(bundled: .*sana"):
        load_profile("nosuchsite")


def test_missing_profile_file_is_reported(tmp_path):
    with pytest.raises(ProfileError, match="file not found"):
        load_profile(str(tmp_path / "missing.yaml"))


def test_profile_digest_changes_with_the_text():
    assert parse_profile(MINIMAL).digest != parse_profile(MINIMAL + "language: en\n").digest


def test_a_zone_name_or_an_offset_is_a_timezone():
    assert parse_profile(MINIMAL + "timezone: Asia/Damascus\n").timezone == "Asia/Damascus"
    assert parse_profile(MINIMAL + "timezone: '+03:00'\n").timezone == "+03:00"
