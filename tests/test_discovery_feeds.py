"""Tests for newscrawl.discovery.feeds."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta, timezone

import lxml.html
import pytest

from newscrawl.discovery import feeds
from newscrawl.discovery.feeds import (
    FALLBACK_FEED_PATHS,
    MAX_ENTRY_BYTES,
    FeedEntry,
    find_feed_links,
    looks_like_feed,
    parse_feed,
)

WORDPRESS_RSS = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:atom="http://www.w3.org/2005/Atom"
\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"
\t>
<channel>
\t<title>SANA</title>
\t<atom:link href="https://sana.sy/en/?feed=rss2" rel="self" type="application/rss+xml" />
\t<link>https://sana.sy/en</link>
\t<description>Syrian Arab News Agency</description>
\t<lastBuildDate>Thu, 02 Oct 2025 09:14:31 +0000</lastBuildDate>
\t<language>en-US</language>
\t<item>
\t\t<title>President al-Sharaa receives credentials of new ambassadors</title>
\t\t<link>https://sana.sy/en/presidency/2261001/</link>
\t\t<comments>https://sana.sy/en/presidency/2261001/#respond</comments>
\t\t<dc:creator><![CDATA[Hazem Sabbagh]]></dc:creator>
\t\t<pubDate>Thu, 02 Oct 2025 08:51:46 +0000</pubDate>
\t\t<category><![CDATA[Presidency]]></category>
\t\t<guid isPermaLink="false">https://sana.sy/en/?p=2261001</guid>
\t\t<description><![CDATA[Damascus, Oct. 2 (SANA) President &#8230;]]></description>
\t</item>
\t<item>
\t\t<title>Economy &#8211; Trade &amp; investment forum opens in Damascus</title>
\t\t<link>https://sana.sy/en/economy/2261012/</link>
\t\t<pubDate>Thu, 02 Oct 2025 09:14:31 +0300</pubDate>
\t\t<guid isPermaLink="false">https://sana.sy/en/?p=2261012</guid>
\t</item>
</channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example.org/">
  <title>Example</title>
  <link href="https://blog.example.org/" />
  <link rel="self" href="https://blog.example.org/atom.xml" />
  <updated>2024-05-06T10:00:00Z</updated>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <entry>
    <title type="html">Rivers &lt;em&gt;rise&lt;/em&gt; after storms</title>
    <link rel="edit" href="/wp-admin/post.php?post=1" />
    <link rel="alternate" type="text/html" href="2024/05/06/rivers-rise-after-storms/" />
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <published>2024-05-06T08:00:00+02:00</published>
    <updated>2024-05-06T11:30:00Z</updated>
  </entry>
  <entry>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Second <b>post</b></div></title>
    <link href="https://blog.example.org/2024/05/05/second/" />
    <updated>2024-05-05T09:00:00Z</updated>
  </entry>
  <entry>
    <title>No link at all</title>
  </entry>
</feed>
"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://ex.com/"><title>Ex</title><link>https://ex.com/</link>
    <items><rdf:Seq><rdf:li resource="https://ex.com/a"/></rdf:Seq></items></channel>
  <item rdf:about="https://ex.com/a">
    <title>A story</title><link>https://ex.com/a</link><dc:date>2024-05-06T10:00:00+01:00</dc:date>
  </item>
  <item rdf:about="https://ex.com/b"><title>B story</title></item>
</rdf:RDF>
"""


def test_wordpress_rss_gives_links_titles_and_aware_dates():
    entries = parse_feed(WORDPRESS_RSS, "https://sana.sy/en/?feed=rss2")
    assert entries == [
        FeedEntry(
            link="https://sana.sy/en/presidency/2261001/",
            title="President al-Sharaa receives credentials of new ambassadors",
            published=datetime(2025, 10, 2, 8, 51, 46, tzinfo=UTC),
        ),
        FeedEntry(
            link="https://sana.sy/en/economy/2261012/",
            title="Economy \u2013 Trade & investment forum opens in Damascus",
            published=datetime(2025, 10, 2, 9, 14, 31, tzinfo=timezone(timedelta(hours=3))),
        ),
    ]


def test_atom_uses_the_alternate_link_resolved_against_xml_base():
    entries = parse_feed(ATOM, "https://blog.example.org/atom.xml")
    assert [e.link for e in entries] == [
        "https://blog.example.org/2024/05/06/rivers-rise-after-storms/",
        "https://blog.example.org/2024/05/05/second/",
    ]
    first, second = entries
    assert first.title == "Rivers rise after storms"
    assert first.published == datetime(2024, 5, 6, 6, 0, tzinfo=UTC)
    assert first.modified == datetime(2024, 5, 6, 11, 30, tzinfo=UTC)
    assert second.title == "Second post"
    assert second.published is None
    assert second.modified == datetime(2024, 5, 5, 9, 0, tzinfo=UTC)


def test_rdf_items_use_link_or_rdf_about():
    entries = parse_feed(RDF, "https://ex.com/index.rdf")
    assert [(e.link, e.title) for e in entries] == [
        ("https://ex.com/a", "A story"),
        ("https://ex.com/b", "B story"),
    ]
    assert entries[0].published == datetime(2024, 5, 6, 9, 0, tzinfo=UTC)


def test_rss_without_link_falls_back_to_permalink_guid_only():
    body = b"""<rss version="2.0"><channel>
      <item><guid>https://ex.com/perma</guid><title>a</title></item>
      <item><guid isPermaLink="false">https://ex.com/?p=9</guid><title>b</title></item>
      <item><guid>tag:ex.com,2024:1</guid><title>c</title></item>
    </channel></rss>"""
    assert [e.link for e in parse_feed(body, "https://ex.com/feed")] == ["https://ex.com/perma"]


def test_titles_keep_comparison_signs_but_lose_markup():
    body = (
        b"<rss><channel><item><link>https://ex.com/a</link>"
        b"<title>Inflation &lt; 3% &amp; growth &gt; 2% &lt;b&gt;now&lt;/b&gt;</title>"
        b"</item></channel></rss>"
    )
    (entry,) = parse_feed(body, "https://ex.com/feed")
    assert entry.title == "Inflation < 3% & growth > 2% now"


def test_feedburner_orig_link_wins():
    body = b"""<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
      <channel><item><link>https://feedproxy.google.com/~r/ex/~3/abc/</link>
      <feedburner:origLink>https://ex.com/real-story/</feedburner:origLink></item></channel></rss>"""
    assert parse_feed(body, "https://ex.com/feed")[0].link == "https://ex.com/real-story/"


def test_relative_links_and_bare_ampersands():
    body = (
        b"<rss><channel><item><link>/en/?p=5&lang=en</link><title>T &amp; U</title></item>"
        b"</channel></rss>"
    )
    (entry,) = parse_feed(body, "https://ex.com/feed/")
    assert entry.link == "https://ex.com/en/?p=5&lang=en"
    assert entry.title == "T & U"


def test_gzipped_feed():
    assert len(parse_feed(gzip.compress(WORDPRESS_RSS), "https://sana.sy/en/feed/")) == 2


def test_truncated_feed_keeps_the_complete_items():
    cut = WORDPRESS_RSS.index(b"<title>Economy")
    entries = parse_feed(WORDPRESS_RSS[:cut], "https://sana.sy/en/feed/")
    assert [e.link for e in entries] == ["https://sana.sy/en/presidency/2261001/"]


def test_max_entries():
    items = b"".join(b"<item><link>https://ex.com/%d</link></item>" % i for i in range(50))
    entries = parse_feed(
        b"<rss><channel>" + items + b"</channel></rss>", "https://ex.com/f", max_entries=7
    )
    assert [e.link for e in entries] == [f"https://ex.com/{i}" for i in range(7)]


@pytest.mark.parametrize(
    "body",
    [b"", b"<html><body>no feed</body></html>", b"\x00\xff", b'{"version": "jsonfeed"}'],
)
def test_non_feeds_give_no_entries(body):
    assert parse_feed(body, "https://ex.com/feed") == []


def test_billion_laughs_feed_is_not_expanded():
    lol = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">
    <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
    <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
    <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]>
    <rss><channel><item><title>&g;</title><link>https://ex.com/x</link></item></channel></rss>"""
    entries = parse_feed(lol, "https://ex.com/feed")
    assert all(len(e.title or "") < 100 for e in entries)
    assert "aaaaaaaaaaaaaaaaaaaa" not in repr(entries)


def test_external_entity_in_feed_is_not_resolved(tmp_path):
    secret = tmp_path / "s.txt"
    secret.write_text("TOPSECRET")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<rss><channel><item><title>&x;</title><link>https://ex.com/x</link></item></channel></rss>"
    ).encode()
    assert "TOPSECRET" not in repr(parse_feed(body, "https://ex.com/feed"))


def test_looks_like_feed():
    assert looks_like_feed(WORDPRESS_RSS)
    assert looks_like_feed(ATOM)
    assert looks_like_feed(RDF)
    assert looks_like_feed(gzip.compress(ATOM))
    assert looks_like_feed(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- generator -->\n<rss>')
    assert not looks_like_feed(b"<!DOCTYPE html><html><head><title>rss</title></head></html>")
    assert not looks_like_feed(b'<?xml version="1.0"?><urlset></urlset>')
    assert not looks_like_feed(b"<feedback>x</feedback>")
    assert not looks_like_feed(b"")


HOME_PAGE = """<!DOCTYPE html><html lang="en-US"><head>
<meta charset="UTF-8">
<title>SANA &#8211; Syrian Arab News Agency</title>
<link rel="alternate" type="application/rss+xml" title="SANA &raquo; Feed" href="https://sana.sy/en/?feed=rss2" />
<link rel="alternate" type="application/rss+xml" title="SANA &raquo; Comments Feed" href="https://sana.sy/en/?feed=comments-rss2" />
<link rel="alternate" type="application/atom+xml" title="Atom" href="/en/atom.xml" />
<link rel="alternate" type="application/json+oembed" href="https://sana.sy/en/wp-json/oembed/1.0/embed?url=x" />
<link rel="alternate" hreflang="ar" href="https://sana.sy/" />
<link rel="stylesheet" type="text/css" href="/style.css" />
<link rel="alternate" type="application/rss+xml" href="https://sana.sy/en/?feed=rss2" />
</head><body><a href="/en/feed/" type="application/rss+xml">RSS</a></body></html>"""  # noqa: E501


def test_find_feed_links_returns_rss_and_atom_without_comment_feeds():
    tree = lxml.html.fromstring(HOME_PAGE)
    assert find_feed_links(tree, "https://sana.sy/en/") == [
        "https://sana.sy/en/?feed=rss2",
        "https://sana.sy/en/atom.xml",
    ]


def test_find_feed_links_honours_base_href():
    tree = lxml.html.fromstring(
        '<html><head><base href="https://cdn.ex.com/site/">'
        '<link rel="Alternate" type="application/RSS+xml" href="feed/"></head></html>'
    )
    assert find_feed_links(tree, "https://ex.com/") == ["https://cdn.ex.com/site/feed/"]


def test_find_feed_links_on_page_without_feeds():
    assert find_feed_links(lxml.html.fromstring("<p>hello</p>"), "https://ex.com/") == []


def test_fallback_feed_paths():
    assert "/feed/" in FALLBACK_FEED_PATHS
    assert "/?feed=rss2" in FALLBACK_FEED_PATHS
    assert all(path.startswith("/") for path in FALLBACK_FEED_PATHS)


def test_arabic_feed_in_windows_1256_and_utf_16():
    title = "\u0633\u0648\u0631\u064a\u0627 &amp; \u0627\u0644\u0639\u0627\u0644\u0645"
    for encoding, label in (("cp1256", "windows-1256"), ("utf-16", "UTF-16")):
        body = (
            f'<?xml version="1.0" encoding="{label}"?><rss><channel><item>'
            f"<title>{title}</title><link>https://sana.sy/ar/1/</link></item></channel></rss>"
        ).encode(encoding)
        (entry,) = parse_feed(body, "https://sana.sy/ar/feed/")
        assert (
            entry.title == "\u0633\u0648\u0631\u064a\u0627 & \u0627\u0644\u0639\u0627\u0644\u0645"
        )


def test_feed_item_larger_than_the_bound_ends_the_parse():
    body = (
        b"<rss><channel><item><link>https://ex.com/1</link></item><item>"
        + b"<x/>" * (MAX_ENTRY_BYTES // 4 + 100_000)
        + b"<link>https://ex.com/2</link></item></channel></rss>"
    )
    assert [e.link for e in parse_feed(body, "https://ex.com/feed")] == ["https://ex.com/1"]


def test_huge_feed_stops_reading_at_max_entries(monkeypatch):
    items = b"<item><link>https://ex.com/a</link></item>" * 200_000
    body = gzip.compress(b"<rss><channel>" + items + b"</channel></rss>")
    read: list[int] = []

    iter_body = feeds.iter_body

    def counting_iter_body(*args, **kwargs):
        for chunk in iter_body(*args, **kwargs):
            read.append(len(chunk))
            yield chunk

    monkeypatch.setattr(feeds, "iter_body", counting_iter_body)
    entries = parse_feed(body, "https://ex.com/feed", max_entries=10)
    assert len(entries) == 10
    assert sum(read) < len(items) // 100  # the rest is never decompressed
