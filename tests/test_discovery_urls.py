"""Tests for newscrawl.discovery.urls: canonical URLs, fingerprints, hosts."""

from __future__ import annotations

import pytest

from newscrawl.discovery.urls import canonicalize_url, host_of, is_same_site, url_fingerprint


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "HTTPS://WWW.Example.COM:443/a/b/?utm_source=x&b=2&a=1#frag",
            "https://www.example.com/a/b/?a=1&b=2",
        ),
        ("http://ex.com:80", "http://ex.com/"),
        ("http://ex.com:8080/x", "http://ex.com:8080/x"),
        ("https://ex.com/?p=1&fbclid=zz&gclid=1&utm_medium=social", "https://ex.com/?p=1"),
        ("https://ex.com/?p=1&mc_cid=a&mc_eid=b&_ga=c&pk_campaign=d", "https://ex.com/?p=1"),
        ("https://ex.com/s;jsessionid=ABC123?x=1", "https://ex.com/s?x=1"),
        ("https://ex.com/s?PHPSESSID=abc&x=1", "https://ex.com/s?x=1"),
        ("https://ex.com/story/amp/", "https://ex.com/story/"),
        ("https://ex.com/story/print/", "https://ex.com/story/"),
        ("https://ex.com/story/?amp=1", "https://ex.com/story/"),
        ("https://ex.com/story/?print=1", "https://ex.com/story/"),
        ("https://ex.com/story/?output=amp", "https://ex.com/story/"),
        ("https://ex.com/a b", "https://ex.com/a%20b"),
        ("https://ex.com/%7Euser/", "https://ex.com/~user/"),
        ("https://ex.com/caf\u00e9", "https://ex.com/caf%C3%A9"),
        ("https://ex.com./x", "https://ex.com/x"),
        ("https://ex.com/x?a=&b=1", "https://ex.com/x?a=&b=1"),
        ("  https://ex.com/x  ", "https://ex.com/x"),
        ("https://\u0633\u0627\u0646\u0627.sy/x", "https://xn--mgba8aze.sy/x"),
        ("http://[::1]:8080/x?utm_source=1", "http://[::1]:8080/x"),
        ("ex.com/x", "http://ex.com/x"),
        ("http://ex.com:99999/a", "http://ex.com/a"),
        ("https://ex.com/story/amp/amp/", "https://ex.com/story/"),
        ("https://ex.com/a/b/../amp", "https://ex.com/a/"),
        ("https://ex.com/a/./b/", "https://ex.com/a/b/"),
        ("https://ex.com/story/amp/ ", "https://ex.com/story/"),
    ],
)
def test_canonicalize_url(url, expected):
    assert canonicalize_url(url) == expected


def test_canonicalize_url_is_idempotent():
    for url in [
        "HTTPS://WWW.Example.COM:443/a/b/?utm_source=x&b=2&a=1#frag",
        "https://ex.com/story/amp/",
        "https://ex.com/caf\u00e9?q=\u00fc",
    ]:
        once = canonicalize_url(url)
        assert canonicalize_url(once) == once


def test_canonicalize_url_never_raises_on_garbage():
    assert canonicalize_url("http://[::1") == "http://[::1"
    assert isinstance(canonicalize_url(""), str)


def test_tracking_print_and_amp_variants_share_one_fingerprint():
    base = url_fingerprint("https://sana.sy/en/politics/2261001/")
    for variant in [
        "https://sana.sy/en/politics/2261001/?utm_source=twitter&utm_medium=social",
        "https://SANA.sy/en/politics/2261001/#comments",
        "https://sana.sy/en/politics/2261001/amp/",
        "https://sana.sy/en/politics/2261001/?fbclid=IwAR0",
    ]:
        assert url_fingerprint(variant) == base
    assert url_fingerprint("https://sana.sy/en/politics/2261002/") != base
    assert len(base) == 40


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.Sana.sy/en/", "sana.sy"),
        ("https://archive.sana.sy/en/?p=1", "archive.sana.sy"),
        ("http://127.0.0.1:8000/", "127.0.0.1"),
        ("not a url", ""),
        ("http://[::1", ""),
    ],
)
def test_host_of(url, host):
    assert host_of(url) == host


def test_is_same_site():
    domains = ("sana.sy",)
    assert is_same_site("https://sana.sy/en/", domains)
    assert is_same_site("https://www.sana.sy/en/", domains)
    assert is_same_site("https://archive.sana.sy/en/?p=1", domains)
    assert not is_same_site("https://notsana.sy/", domains)
    assert not is_same_site("https://sana.sy.evil.example/", domains)
    assert is_same_site("http://127.0.0.1:8000/x", ["127.0.0.1"])
