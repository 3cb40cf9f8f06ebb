"""Hot-path shortcuts give exactly the result of the slow path they replace."""

from __future__ import annotations

import ast
import string

import pytest
from ftfy.badness import MOJIBAKE_CATEGORIES, is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawl.middlewares.encoding import mojibake_windows

_SUSPECT = "".join(sorted(set("".join(MOJIBAKE_CATEGORIES.values()))))[:4000]
_ALPHABET = st.sampled_from(string.ascii_letters + string.digits + " \n\t.,;:!?'\"-()")
_TEXT = st.lists(
    st.one_of(
        st.text(alphabet=_ALPHABET, min_size=1, max_size=30),
        st.text(alphabet=st.sampled_from(_SUSPECT), min_size=1, max_size=4),
        st.sampled_from(
            ["Ã©", "â€™", "Ø§Ù„", "Ã ", " Â ", "вЂ", "ГўВЂВ™s", "\u2019", "\u2013", "é"]
        ),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_mojibake_windows_keep_is_bad_unchanged(text):
    assert is_bad(mojibake_windows(text)) == is_bad(text)


def _reference_windows(text):
    """`mojibake_windows` as first written: one regex scan over the whole text."""
    import re

    spans = []
    for match in re.finditer(r"[^\x00-\x7f]+", text):
        start, end = max(0, match.start() - 8), match.end() + 8
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    if not spans:
        return ""
    lead = "" if spans[0][0] == 0 else "\n"
    return lead + "\n".join(text[start:end] for start, end in spans)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_TEXT, st.text(), st.text(alphabet=st.characters(codec="utf-8"))))
def test_mojibake_windows_found_in_utf8_bytes_are_the_character_windows(text):
    assert mojibake_windows(text) == _reference_windows(text)


def test_mojibake_windows_on_long_pages_equal_the_whole_scan():
    filler = "plain ascii text " * 500
    extras = ("", "caf\u00e9", "\u2013" * 3000, "don\u00e2\u20ac\u2122t", "\U0001f600 \ud800")
    for extra in extras:
        for cut in (0, 1, 2040, 2047, 2048, 2049, 4095, 4096, 4097, 4100, 8191):
            page = filler[:cut] + extra + filler + "\u00e9" + filler[:cut]
            assert mojibake_windows(page) == _reference_windows(page)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 9000), st.sampled_from(["\u00e9", "\u2013" * 700, "\U0001f600"])),
        max_size=6,
    )
)
def test_non_ascii_runs_across_chunk_boundaries_are_those_of_one_scan(inserts):
    import re

    from newscrawl.middlewares.encoding import _non_ascii_runs

    text = "a" * 9000
    for at, extra in sorted(inserts, reverse=True):
        text = text[:at] + extra + text[at:]
    data = text.encode("utf-8")
    expected = [m.span() for m in re.finditer(rb"[\x80-\xff]+", data)]
    assert list(_non_ascii_runs(data)) == expected


def test_mojibake_windows_find_mojibake_in_long_ascii_pages():
    filler = "plain ascii text " * 2000
    for bad in ("cafÃ©", "donâ€™t", "Ø§Ù„Ø³", "ГўВЂВ™s fine"):
        page = filler + bad + filler
        assert is_bad(page)
        assert is_bad(mojibake_windows(page))
        assert len(mojibake_windows(page)) < 40
    clean = filler + "it\u2019s \u2013 naïve café" + filler
    assert is_bad(mojibake_windows(clean)) == is_bad(clean)
    assert mojibake_windows(filler) == ""


def _bodies(n, seed=7):
    import random

    rng = random.Random(seed)
    words = [f"w{i}" for i in range(3000)]
    bodies = []
    for _ in range(n):
        if bodies and rng.random() < 0.3:  # a near or far copy of an earlier body
            base = rng.choice(bodies).split()
            for _ in range(rng.choice([1, 3, 10, 60])):
                base[rng.randrange(len(base))] = rng.choice(words)
            bodies.append(" ".join(base))
        else:
            bodies.append(" ".join(rng.choice(words) for _ in range(300)))
    return bodies


def _datasketch_minhash(body, num_perm=128):
    import re

    from datasketch import MinHash

    words = re.findall(r"\w+", body.lower())
    n = max(1, min(5, len(words)))
    minhash = MinHash(num_perm=num_perm)
    minhash.update_batch(
        list({" ".join(words[i : i + n]).encode() for i in range(len(words) - n + 1)})
    )
    return minhash


def test_near_duplicate_index_matches_datasketch_lsh():
    from datasketch import MinHashLSH

    from newscrawl.run.nearindex import NearDuplicateIndex, body_minhash

    lsh = MinHashLSH(threshold=0.9, num_perm=128)
    kept = {}
    index = NearDuplicateIndex(0.9, 128, capacity=4)
    found = 0
    for i, body in enumerate(_bodies(400)):
        minhash = _datasketch_minhash(body)
        expected = any(kept[k].jaccard(minhash) >= 0.9 for k in lsh.query(minhash))
        got = index.match(body_minhash(body, 128, 5))
        assert (got is not None) == expected
        if got is not None:
            assert kept[got].jaccard(minhash) >= 0.9
            found += 1
            continue
        lsh.insert(str(i), minhash)
        kept[str(i)] = minhash
        index.add(str(i), body_minhash(body, 128, 5))
    assert found >= 20
    assert len(index) == len(kept)


@pytest.mark.parametrize("num_perm", [16, 128, 256])
@pytest.mark.parametrize(
    "body", ["", "one", "One two three four", "A body of words, and more words. " * 40]
)
def test_body_minhash_equals_datasketch_minhash(body, num_perm):
    import numpy as np

    from newscrawl.run.nearindex import body_minhash

    got = body_minhash(body, num_perm, 5)
    assert got.dtype == np.uint32
    assert np.array_equal(got, _datasketch_minhash(body, num_perm).hashvalues)


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95])
@pytest.mark.parametrize("num_perm", [32, 64, 128, 256])
def test_lsh_bands_are_those_minhashlsh_picks(threshold, num_perm):
    from datasketch.lsh import _optimal_param

    from newscrawl.run.nearindex import lsh_bands

    # MinHashLSH(threshold, num_perm) takes (b, r) from _optimal_param with equal weights.
    assert lsh_bands(threshold, num_perm) == _optimal_param(threshold, num_perm, 0.5, 0.5)


def test_lsh_bands_of_the_default_settings_are_those_stored_states_use():
    from datasketch import MinHashLSH

    from newscrawl.run.nearindex import lsh_bands

    # NEWSCRAWL_DEDUP_NEAR_THRESHOLD 0.9, NEWSCRAWL_DEDUP_NUM_PERM 128: the run state stores
    # LSH bands of 25 rows, so other values would miss the near-duplicates already recorded.
    lsh = MinHashLSH(threshold=0.9, num_perm=128)
    assert lsh_bands(0.9, 128) == (lsh.b, lsh.r) == (5, 25)


def loaded_after(code: str, modules: tuple[str, ...]) -> list[str]:
    """Return which of `modules` a fresh interpreter has loaded after running `code`."""
    import subprocess
    import sys

    probe = f"import sys\n{code}\nprint(sorted(m for m in {modules!r} if m in sys.modules))\n"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return list(ast.literal_eval(out.strip()))


def test_the_crawl_process_imports_neither_datasketch_nor_scipy():
    code = (
        "import newscrawl.pipelines.dedup, newscrawl.run.ledger, newscrawl.spiders.news\n"
        "from newscrawl.run.nearindex import body_minhash, lsh_bands\n"
        "body_minhash('a few words of a body', 128, 5); lsh_bands(0.9, 128)"
    )
    assert loaded_after(code, ("datasketch", "scipy")) == []


def test_a_crawl_without_redis_does_not_import_the_redis_client():
    code = (
        "from scrapy.settings import Settings\n"
        "import newscrawl.spiders.news, newscrawl.pipelines.dedup, newscrawl.extensions.runstate\n"
        "from newscrawl.distributed.addon import RedisAddon\n"
        "RedisAddon().update_settings(Settings({'NEWSCRAWL_REDIS_URL': ''}))"
    )
    assert loaded_after(code, ("redis", "scrapy_redis")) == []


def test_the_pool_workers_import_neither_scrapy_nor_twisted():
    # What the worker pool's fork server loads: the analysis, warmed up on a sample page.
    assert loaded_after("import newscrawl.runtime.warmup", ("scrapy", "twisted")) == []


def test_near_duplicate_index_costs_about_a_kilobyte_per_article():
    import tracemalloc

    import numpy as np

    from newscrawl.run.nearindex import NearDuplicateIndex

    rng = np.random.default_rng(1)
    signatures = rng.integers(0, 2**32 - 1, size=(5000, 128), dtype=np.uint64)
    keys = [f"{i:040x}" for i in range(5000)]
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    index = NearDuplicateIndex(0.9, 128, capacity=4)
    for key, signature in zip(keys, signatures, strict=True):
        index.add(key, signature)
    per_article = (tracemalloc.get_traced_memory()[0] - before) / 5000
    tracemalloc.stop()
    # 512 B of signature (up to twice that while the array doubles), ~100 B per LSH band.
    assert per_article < 1600, per_article


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from([b"&nbsp;", b"&#160;", b" ", b"\n", b"\t", b"&", b"nbsp;", b"&#16", b"x"]),
        max_size=12,
    ).map(b"".join)
)
def test_blank_check_is_removing_blanks_and_finding_nothing_left(visible):
    import re

    from newscrawl.middlewares.content import _BLANK_RE

    expected = not re.sub(rb"&nbsp;|&#160;|\s", b"", visible)
    assert (_BLANK_RE.fullmatch(visible) is not None) == expected


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("precision", [True, False])
@pytest.mark.parametrize("url", ["https://news.example/a/b", "https://n.example/caf\u00e9", None])
def test_trafilatura_options_are_those_extract_builds_from_the_arguments(fast, precision, url):
    from trafilatura.settings import Extractor

    from newscrawl.extract.generic import INCLUDE_TABLES, trafilatura_options

    built = Extractor(  # what trafilatura.extract(...) makes of generic_body's old arguments
        output_format="txt",
        fast=fast,
        precision=precision,
        recall=False,
        comments=False,
        formatting=None,
        links=False,
        images=False,
        tables=INCLUDE_TABLES,
        dedup=False,
        lang=None,
        url=url,
        with_metadata=False,
        only_with_metadata=False,
        tei_validation=False,
        author_blacklist=None,
        url_blacklist=None,
        date_params=None,
    )
    shared = trafilatura_options(fast, precision, url)
    assert shared is not trafilatura_options(fast, precision, url)
    for name in Extractor.__slots__:
        assert getattr(shared, name) == getattr(built, name), name


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*"aAäöüÄÖÜßẞsSeE \n-_.,'İﬀΣςǅ", "\u2019", "a\u0308", "\u00c4\u0301", "\u212a"]
        )
    ).map("".join)
)
def test_fold_spells_out_umlauts_as_the_translation_table_did(text):
    import re

    from newscrawl.extract.text import _fold

    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
    assert _fold(text) == re.sub(r"[\W_]+", "", text.casefold().translate(table))
