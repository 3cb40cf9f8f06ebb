"""Hot-path shortcuts give exactly the result of the slow path they replace."""

from __future__ import annotations

import string

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
        st.sampled_from(["Ã©", "â€™", "Ø§Ù„", "Ã ", " Â ", "вЂ", "ГўВЂВ™s", "’", "–", "é"]),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_mojibake_windows_keep_is_bad_unchanged(text):
    assert is_bad(mojibake_windows(text)) == is_bad(text)


def test_mojibake_windows_find_mojibake_in_long_ascii_pages():
    filler = "plain ascii text " * 2000
    for bad in ("cafÃ©", "donâ€™t", "Ø§Ù„Ø³", "ГўВЂВ™s fine"):
        page = filler + bad + filler
        assert is_bad(page)
        assert is_bad(mojibake_windows(page))
        assert len(mojibake_windows(page)) < 40
    clean = filler + "it’s – naïve café" + filler
    assert is_bad(mojibake_windows(clean)) == is_bad(clean)
    assert mojibake_windows(filler) == ""
