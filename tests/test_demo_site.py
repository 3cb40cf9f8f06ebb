"""The demo news sites: deterministic generation, ground truth matching the pages, server."""

# ruff: noqa: RUF001 -- the modern dateline has an en dash
from __future__ import annotations

import datetime as dt
import gzip
import itertools
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from parsel import Selector

from newscrawl.demo import Site, serve
from newscrawl.demo.text import words

THEMES = ("sahifa", "modern")
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BODY_SELECTOR = {"sahifa": "div.entry > p", "modern": "div.entry-content > p"}
INITIALS_RE = re.compile(r"^[A-Z][a-z]?\.[A-Z][a-z]?( / [A-Z][a-z]?\.[A-Z][a-z]?)?$")


@pytest.fixture(scope="module", params=THEMES)
def site(request):
    return Site(theme=request.param, n_articles=40)


def _html(site, path, base=None):
    page = site.get(path, base)
    assert page is not None, path
    assert page.status == 200, path
    return Selector(text=page.body.decode("utf-8"))


def _xml(site, path):
    page = site.get(path)
    assert page is not None, path
    return ET.fromstring(page.body)


def _path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _shingles(text, k=3):
    w = [x.lower() for x in words(text)]
    return {tuple(w[i : i + k]) for i in range(len(w) - k + 1)}


def _jaccard(a, b):
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb)


def _all_bodies(site):
    return {p: site.get(p).body for p in site.paths()}


# -- determinism ------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_same_seed_gives_same_bytes_and_other_seed_differs(theme):
    one = _all_bodies(Site(theme=theme, n_articles=15, seed=4))
    two = _all_bodies(Site(theme=theme, n_articles=15, seed=4))
    assert one == two
    other = Site(theme=theme, n_articles=15, seed=5)
    assert other.articles[3].body != Site(theme=theme, n_articles=15, seed=4).articles[3].body


def test_output_does_not_depend_on_hash_seed_timezone_or_time():
    code = (
        "import hashlib, sys\n"
        "from newscrawl.demo import Site\n"
        "for theme in ('sahifa', 'modern'):\n"
        "    s = Site(theme=theme, n_articles=12, seed=2)\n"
        "    h = hashlib.sha256()\n"
        "    for p in s.paths():\n"
        "        h.update(p.encode() + s.get(p).body)\n"
        "    sys.stdout.write(h.hexdigest() + '\\n')\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": seed, "TZ": tz, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed, tz in (("1", "UTC"), ("2", "America/New_York"))
    ]
    assert runs[0] == runs[1]
    assert len(set(runs[0].split())) == 2


# -- ground truth against pages -----------------------------------------------------------------


def test_ground_truth_fields_are_in_contract_formats(site):
    articles = list(site.articles)
    assert len(articles) == 40
    assert len({a.url_path for a in articles}) == 40
    assert len({a.title for a in articles}) == 40
    for a in articles:
        published = dt.datetime.fromisoformat(a.published)
        assert published.utcoffset() == dt.timedelta(hours=3), a.published
        assert a.published.endswith("+03:00")
        if a.modified is not None:
            assert dt.datetime.fromisoformat(a.modified) >= published
        assert a.authors
        assert all(a.authors)
        assert a.section in {s.name for s in site.sections}
        assert a.tags
        assert len(set(a.tags)) == len(a.tags)
        assert 3 <= len(a.body_paragraphs) <= 9
        assert 90 <= len(a.body.split()) <= 400
        assert a.body == "\n\n".join(a.body_paragraphs)
        assert all(p == p.strip() and p for p in a.body_paragraphs)
    published = [dt.datetime.fromisoformat(a.published) for a in articles]
    assert published == sorted(published)
    assert sum(a.dateline is None for a in articles) < len(articles) // 2


def test_article_pages_hold_exactly_title_body_and_initials(site):
    for a in site.articles:
        sel = _html(site, a.url_path)
        if site.theme_name == "sahifa":
            title = sel.css("h1.name.post-title.entry-title > span[itemprop=name]::text").get()
            assert "<!-- .entry /-->" in sel.get()
        else:
            title = sel.css("h1.s-title::text").get()
        assert title == a.title
        texts = [
            "".join(p.css("::text").getall()).strip()
            for p in sel.css(BODY_SELECTOR[site.theme_name])
        ]
        texts = [t for t in texts if t and t != "\xa0" and not t.startswith("Read also:")]
        # The selector of the SANA profile gets the body plus the editor initials line.
        assert texts[:-1] == list(a.body_paragraphs)
        assert INITIALS_RE.match(texts[-1]), texts[-1]
        assert not any(INITIALS_RE.match(p) for p in a.body_paragraphs)
        meta = sel.css('meta[property="article:published_time"]::attr(content)').get()
        assert meta == a.published
        assert sel.css('meta[name="description"]::attr(content)').get() == a.description
        assert sel.css('link[rel="canonical"]::attr(href)').get() == a.url(site.base_url)
        assert sel.css('meta[property="og:image"]::attr(content)').get() == a.url(
            site.base_url
        ).replace(a.url_path, a.image_path)


def test_boilerplate_is_on_the_pages_but_not_in_the_ground_truth(site):
    seen = {"captions": 0, "check_also": 0, "read_also": 0, "related": 0}
    for a in site.articles:
        sel = _html(site, a.url_path)
        body = a.body
        captions = sel.css("figcaption::text, p.wp-caption-text::text").getall()
        seen["captions"] += bool(captions)
        for caption in captions:
            assert caption.strip() not in body
        if sel.css("#check-also-box"):
            seen["check_also"] += 1
            assert "Check Also" not in body
            teaser_title = sel.css("#check-also-box h2 a::text").get()
            assert teaser_title not in body
        read_also = sel.css("div.entry p:contains('Read also')") or sel.css("div.inline-related")
        seen["read_also"] += bool(read_also)
        seen["related"] += bool(sel.css("#related_posts, .single-related"))
        assert "TAGGED" not in body
        assert "Share" not in body
    assert seen["captions"] >= 5
    assert seen["read_also"] >= 5
    assert seen["related"] >= 30
    if site.theme_name == "sahifa":
        assert seen["check_also"] >= 35


def test_dateline_opens_the_first_paragraph(site):
    with_dateline = [a for a in site.articles if a.dateline]
    assert len(with_dateline) >= 25
    for a in with_dateline:
        first = a.body_paragraphs[0]
        if site.theme_name == "sahifa":
            assert re.match(rf"{re.escape(a.dateline)}, SANA- ?\S", first), first
        else:
            day = dt.datetime.fromisoformat(a.published).day
            assert re.match(rf"{re.escape(a.dateline)}, [A-Z][a-z]+\.? {day} \(SANA\) – ", first)
    for a in site.articles:
        if a.dateline is None:
            assert "SANA-" not in a.body_paragraphs[0]
            assert "(SANA) –" not in a.body_paragraphs[0]


def test_modern_articles_carry_jsonld_news_article():
    site = Site(theme="modern", n_articles=10)
    for a in site.articles:
        sel = _html(site, a.url_path)
        graph = json.loads(sel.css('script[type="application/ld+json"]::text').get())["@graph"]
        (article,) = [node for node in graph if node["@type"] == "NewsArticle"]
        assert article["headline"] == a.title
        assert article["datePublished"] == a.published
        assert article["dateModified"] == a.modified
        assert [p["name"] for p in article["author"]] == list(a.authors)
        assert article["keywords"] == list(a.tags)
        assert article["articleSection"] == [a.section]
        assert sel.css('meta[property="og:type"]::attr(content)').get() == "article"
    about = _html(site, "/about-us/")
    graph = json.loads(about.css('script[type="application/ld+json"]::text').get())["@graph"]
    assert "NewsArticle" not in {node["@type"] for node in graph}


def test_sahifa_modified_time_only_when_modified():
    site = Site(n_articles=40)
    modified = [a for a in site.articles if a.modified]
    assert 0 < len(modified) < 40
    for a in site.articles:
        meta = _html(site, a.url_path).css('meta[property="article:modified_time"]::attr(content)')
        assert meta.get() == a.modified


def test_distinct_articles_are_far_from_near_duplicates(site):
    bodies = [a.body for a in site.articles]
    worst = max(_jaccard(x, y) for x, y in itertools.combinations(bodies, 2))
    assert worst < 0.5


# -- syndicated copy, variants, non-article pages -----------------------------------------------


def test_syndicated_copy_is_a_near_duplicate_without_canonical_to_the_original(site):
    original = site.articles[0]
    (copy_path,) = original.duplicate_paths
    assert copy_path == site.syndicated_path()
    assert copy_path in site.non_article_paths()
    assert copy_path not in site.article_paths()
    sel = _html(site, copy_path)
    copy_body = [
        "".join(p.css("::text").getall()).strip() for p in sel.css(BODY_SELECTOR[site.theme_name])
    ]
    copy_text = "\n\n".join(t for t in copy_body[:-1] if t and t != "\xa0")
    assert copy_text != original.body
    assert _jaccard(copy_text, original.body) >= 0.9
    assert (
        sel.css('link[rel="canonical"]::attr(href)').get() == site.base_url.rstrip("/") + copy_path
    )
    title = sel.css("h1 ::text").get()
    assert title != original.title
    assert original.title in title
    assert all(a.duplicate_paths == () for a in site.articles[1:])


def test_variants_point_their_canonical_at_the_article(site):
    variants = site.variant_paths()
    assert len([v for v in variants if "utm_" in v or "fbclid" in v]) >= 3
    assert len(variants) > site.n_articles
    articles = {a.url_path for a in site.articles} | {site.syndicated_path()}
    for path in variants:
        sel = _html(site, path)
        canonical = sel.css('link[rel="canonical"]::attr(href)').get()
        assert _path(canonical) in articles, path
        assert _path(canonical) != path


def test_tracking_variants_are_linked_from_the_home_page(site):
    home = site.get("/").body.decode()
    tracking = [v for v in site.variant_paths() if "utm_" in v or "fbclid" in v]
    for path in tracking:
        assert (site.base_url.rstrip("/") + path).replace("&", "&amp;") in home


def test_non_article_pages_are_served_and_never_articles(site):
    paths = site.non_article_paths()
    articles = set(site.article_paths())
    assert not articles & set(paths)
    assert len(paths) == len(set(paths))
    kinds = {
        "sahifa": ["/?cat=", "&paged=", "/?tag=", "/?author=", "/?m=", "/?page_id=", "/?s="],
        "modern": ["/page/", "/tag/", "/author/", "/about-us/", "/contact-us/", "/?s="],
    }[site.theme_name]
    for kind in kinds:
        assert any(kind in p for p in paths), kind
    for path in paths:
        sel = _html(site, path)
        assert sel.css("title::text").get()
        assert not sel.css('meta[property="article:published_time"]') or path in set(
            site.variant_paths()
        ) | {site.syndicated_path()}


def test_every_link_on_every_page_resolves(site):
    base = site.base_url.rstrip("/")
    known = set(site.paths())
    for path in site.paths():
        page = site.get(path)
        if not page.content_type.startswith("text/html"):
            continue
        sel = Selector(text=page.body.decode())
        for href in sel.css("a::attr(href), link[rel=canonical]::attr(href)").getall():
            if not href.startswith(base + "/") or "#" in href:
                continue
            target = href[len(base) :]
            if target.startswith(("/wp-content/", "/wp-comments-post.php")):
                continue
            assert site.get(target) is not None, (path, target)
            assert target in known, (path, target)


def test_listing_pagination_covers_each_section_once(site):
    base = site.base_url.rstrip("/")
    articles = {a.url_path for a in site.articles} | {site.syndicated_path()}
    seen = []
    for k in range(len(site.sections)):
        path = site.theme.section_paths(site)[k]
        while path:
            sel = _html(site, path)
            links = sel.css("h2.post-box-title a::attr(href), h3.entry-title a::attr(href)")
            seen += [_path(u) for u in links.getall()]
            nxt = sel.css("a.nextpostslink::attr(href), a.next.page-numbers::attr(href)").get()
            path = nxt[len(base) :] if nxt else None
    assert sorted(seen) == sorted(articles)


@pytest.mark.parametrize(
    ("theme", "path"),
    [
        ("sahifa", "/?p=1"),
        ("sahifa", "/?cat=999"),
        ("sahifa", "/?cat=2&paged=99"),
        ("sahifa", "/?tag=no-such-tag"),
        ("sahifa", "/?m=199001"),
        ("sahifa", "/nothing-here/"),
        ("sahifa", "/post-sitemap99.xml"),
        ("sahifa", "/post-sitemap1.xml"),  # the first one is /post-sitemap.xml
        ("sahifa", "/post-sitemap01.xml"),  # sitemaps answer at their linked path only
        ("modern", "/politics/999999/"),
        ("modern", "/politics/page/99/"),
        ("modern", "/no-section/"),
        ("modern", "/1990/01/"),
        ("modern", "/wp-sitemap-posts-post-99.xml"),
        ("modern", "/wp-sitemap-posts-post-01.xml"),
        ("modern", "/wp-sitemap-nothing.xml"),
    ],
)
def test_unknown_paths_are_not_found(theme, path):
    site = Site(theme=theme, n_articles=12)
    assert site.get(path) is None
    assert site.not_found().status == 404


def test_an_unknown_theme_is_refused_naming_the_known_ones():
    with pytest.raises(ValueError, match="sahifa, modern"):
        Site(theme="classic")


def test_query_order_does_not_matter():
    site = Site(n_articles=90)
    assert site.get("/?cat=2&paged=2").body == site.get("/?paged=2&cat=2").body
    post = site.articles[4].url_path
    assert site.get(f"{post}&utm_source=x").body == site.get(post).body


def test_traps_add_an_endless_calendar():
    plain = Site(n_articles=12)
    trapped = Site(n_articles=12, traps=True)
    assert plain.get("/?m=190001") is None
    sel = _html(trapped, "/?m=190001")
    prev = sel.css("#prev a::attr(href)").get()
    assert prev.endswith("/?m=189912")
    assert trapped.get(_path(prev)).status == 200
    assert "PHPSESSID=" in trapped.get("/").body.decode()
    modern = Site(theme="modern", n_articles=5, traps=True)
    assert modern.get("/1900/01/").status == 200
    assert Site(theme="modern", n_articles=5).get("/1900/01/") is None


# -- feeds, sitemaps, robots --------------------------------------------------------------------


def test_rss_lists_the_newest_posts(site):
    posts = [a.url(site.base_url) for a in site.articles] + [
        site.base_url.rstrip("/") + site.syndicated_path()
    ]
    newest = {site.base_url.rstrip("/") + site.post_path(p) for p in site.newest(10)}
    for path in site.feed_paths():
        root = _xml(site, path)
        links = [item.findtext("link") for item in root.iter("item")]
        assert len(links) == 10
        assert set(links) == newest
        assert set(links) <= set(posts)
        dates = [
            dt.datetime.strptime(i.findtext("pubDate"), "%a, %d %b %Y %H:%M:%S %z")
            for i in root.iter("item")
        ]
        assert dates == sorted(dates, reverse=True)
    by_url = {a.url(site.base_url): a for a in site.articles}
    for item in _xml(site, "/feed/").iter("item"):
        article = by_url.get(item.findtext("link"))
        if article:
            assert item.findtext("title") == article.title
            pub = dt.datetime.strptime(item.findtext("pubDate"), "%a, %d %b %Y %H:%M:%S %z")
            assert pub == dt.datetime.fromisoformat(article.published)


def test_sitemaps_list_exactly_the_posts(site):
    base = site.base_url.rstrip("/")
    robots = site.get("/robots.txt").body.decode()
    assert "Disallow: /wp-admin/" in robots
    sitemap_lines = [
        line.split(": ", 1)[1] for line in robots.splitlines() if line.startswith("Sitemap:")
    ]
    index_url = sitemap_lines[0]
    index = _xml(site, _path(index_url))
    children = [e.findtext(f"{SM}loc") for e in index.iter(f"{SM}sitemap")]
    assert {_path(c) for c in children} == set(site.sitemap_paths()) - {_path(index_url)}
    post_locs = []
    other_locs = []
    for child in children:
        root = _xml(site, _path(child))
        locs = [u.findtext(f"{SM}loc") for u in root.iter(f"{SM}url")]
        if re.search(r"(post-sitemap\d*|posts-post-\d+)\.xml$", child):
            assert 0 < len(locs) <= site.sitemap_size
            lastmods = [u.findtext(f"{SM}lastmod") for u in root.iter(f"{SM}url")]
            assert all(lastmods)
            post_locs += locs
        elif "news" not in child:
            other_locs += locs
    expected = {a.url(base) for a in site.articles} | {base + site.syndicated_path()}
    assert sorted(post_locs) == sorted(expected)
    assert len([c for c in children if "post-sitemap" in c or "posts-post" in c]) >= 2
    assert other_locs
    assert not set(other_locs) & expected
    assert all(_path(u) in site.non_article_paths() for u in other_locs)


def test_sahifa_news_sitemap_holds_the_last_two_days():
    site = Site(n_articles=40)
    root = _xml(site, "/news-sitemap.xml")
    ns = "{http://www.google.com/schemas/sitemap-news/0.9}"
    entries = {
        u.findtext(f"{SM}loc"): u.find(f"{ns}news").findtext(f"{ns}publication_date")
        for u in root.iter(f"{SM}url")
    }
    newest = max(dt.datetime.fromisoformat(a.published) for a in site.articles)
    by_url = {a.url(site.base_url): a for a in site.articles}
    expected = {
        u
        for u, a in by_url.items()
        if newest - dt.datetime.fromisoformat(a.published) <= dt.timedelta(hours=48)
    }
    assert 3 <= len(entries) < 40
    assert set(entries) == expected
    for url, published in entries.items():
        assert published == by_url[url].published


def test_sitemap_index_lastmod_moves_only_for_the_changed_chunk():
    site = Site(n_articles=60, sitemap_size=25)

    def lastmods():
        root = _xml(site, "/sitemap_index.xml")
        return {
            e.findtext(f"{SM}loc"): e.findtext(f"{SM}lastmod") for e in root.iter(f"{SM}sitemap")
        }

    before = lastmods()
    site.add_articles(2)
    after = lastmods()
    first = site.base_url + "post-sitemap.xml"
    last = site.base_url + "post-sitemap3.xml"
    assert after[first] == before[first]
    assert after[last] != before[last]


# -- growth and revisions -----------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_adding_articles_keeps_the_old_ones_identical(theme):
    grown = Site(theme=theme, n_articles=20)
    old_truth = list(grown.articles)
    old_pages = {a.url_path: grown.get(a.url_path).body for a in old_truth}
    new = grown.add_articles(5)
    assert len(new) == 5
    assert grown.n_articles == 25
    assert list(grown.articles)[:20] == old_truth
    assert {a.url_path: grown.get(a.url_path).body for a in old_truth} == old_pages
    newest_old = max(dt.datetime.fromisoformat(a.published) for a in old_truth)
    assert all(dt.datetime.fromisoformat(a.published) > newest_old for a in new)
    built = Site(theme=theme, n_articles=25)
    assert list(built.articles) == list(grown.articles)
    assert _all_bodies(built) == _all_bodies(grown)
    feed = grown.get("/feed/").body.decode()
    assert all(a.url(grown.base_url) in feed for a in new)


def test_revise_changes_body_and_dates_touch_changes_only_dates():
    site = Site(n_articles=30)
    before = site.articles[2]
    revised = site.revise_article(2)
    assert revised.revision == 2
    assert revised.body_paragraphs[: len(before.body_paragraphs)] == before.body_paragraphs
    assert len(revised.body_paragraphs) == len(before.body_paragraphs) + 1
    assert revised.modified > (before.modified or before.published)
    page = site.get(revised.url_path)
    assert revised.body_paragraphs[-1].split(": ", 1)[1][:40] in page.body.decode()
    assert page.headers["Last-Modified"].endswith("GMT")
    sitemap = site.get("/post-sitemap.xml").body.decode()
    lastmod = dt.datetime.fromisoformat(revised.modified).astimezone(dt.UTC).isoformat()
    assert lastmod in sitemap
    touched_before = site.articles[5]
    touched = site.touch_article(5)
    assert touched.body == touched_before.body
    assert touched.revision == 1
    assert touched.modified != touched_before.modified


# -- size and speed -----------------------------------------------------------------------------


def test_page_kb_pads_pages_without_changing_the_ground_truth():
    plain = Site(n_articles=10)
    padded = Site(n_articles=10, page_kb=60)
    assert list(plain.articles) == list(padded.articles)
    for a in padded.articles:
        size = len(padded.get(a.url_path).body)
        assert 60 * 1024 <= size <= 70 * 1024
        sel = _html(padded, a.url_path)
        texts = ["".join(p.css("::text").getall()).strip() for p in sel.css("div.entry > p")]
        assert [t for t in texts if t and t != "\xa0" and not t.startswith("Read also")][
            :-1
        ] == list(a.body_paragraphs)


def test_padded_pages_are_at_least_the_size_asked_for():
    site = Site(n_articles=50, page_kb=60)
    sizes = [len(site.get(path).body) for path in site.article_paths()]
    assert min(sizes) >= 60 * 1024


# -- server -------------------------------------------------------------------------------------


def _fetch(url, method="GET", headers=None):
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read(), response.url
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read(), url


def test_server_serves_the_site_over_http_and_logs_requests():
    site = Site(n_articles=12)
    article = site.articles[3]
    with serve(site) as server:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", server.url)
        status, headers, body, _ = _fetch(server.url + "robots.txt")
        assert status == 200
        assert headers["Content-Type"].startswith("text/plain")
        assert f"Sitemap: {server.url}sitemap_index.xml" in body.decode()
        status, headers, body, _ = _fetch(article.url(server.url))
        assert status == 200
        assert body == site.get(article.url_path, server.url).body
        assert f'href="{article.url(server.url)}"' in body.decode()
        status, _, body, _ = _fetch(server.url + "no/such/page/")
        assert status == 404
        assert b"Not Found" in body
        status, headers, body, _ = _fetch(article.url(server.url), method="HEAD")
        assert status == 200
        assert body == b""
        assert int(headers["Content-Length"]) == len(site.get(article.url_path, server.url).body)
        log = list(server.request_log)
        assert log == ["/robots.txt", article.url_path, "/no/such/page/", article.url_path]
        assert [r.status for r in server.requests] == [200, 200, 404, 200]
        server.clear_log()
        assert server.request_log == []
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(server.url, timeout=2)


def test_server_gzip_conditional_get_and_redirects():
    site = Site(theme="modern", n_articles=8)
    article = site.articles[2]
    with serve(site, gzip=True) as server:
        status, headers, body, _ = _fetch(
            article.url(server.url), headers={"Accept-Encoding": "gzip"}
        )
        assert headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body) == site.get(article.url_path, server.url).body
        status, headers, body, _ = _fetch(article.url(server.url))
        assert "Content-Encoding" not in headers
        status, _, _, _ = _fetch(
            article.url(server.url), headers={"If-Modified-Since": headers["Last-Modified"]}
        )
        assert status == 304
        status, _, _, final = _fetch(f"{server.url}?p={article.post_id}")
        assert status == 200
        assert final == article.url(server.url)
        assert server.request_log[-2:] == [f"/?p={article.post_id}", article.url_path]


def test_server_serves_many_concurrent_requests():
    from concurrent.futures import ThreadPoolExecutor

    site = Site(n_articles=60)
    with serve(site) as server:
        urls = [a.url(server.url) for a in site.articles]
        with ThreadPoolExecutor(16) as pool:
            statuses = list(pool.map(lambda u: _fetch(u)[0], urls))
        assert statuses == [200] * 60
        assert sorted(server.request_log) == sorted(a.url_path for a in site.articles)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com", "::"])
def test_server_refuses_non_loopback_hosts(host):
    with pytest.raises(ValueError, match="loopback"):
        serve(Site(n_articles=2), host=host)


def test_server_command_line_prints_url_and_serves():
    process = subprocess.Popen(
        [sys.executable, "-m", "newscrawl.demo.server", "--theme", "modern", "--articles", "5"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url = process.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)
        status, _, body, _ = _fetch(url + "wp-sitemap.xml")
        assert status == 200
        assert b"wp-sitemap-posts-post-1.xml" in body
    finally:
        process.terminate()
        assert process.wait(10) == 0
