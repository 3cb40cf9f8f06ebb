"""Whitespace is collapsed with str.split, which splits where the regular expression \\s does."""

from __future__ import annotations

import hashlib
import re
import sys

from newscrawl.extract.text import body_hash, clean_line, normalize_text

SPACES = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))]


def test_str_split_splits_at_every_regex_space_and_only_there():
    assert all(c.isspace() for c in SPACES)
    assert sum(1 for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()) == len(SPACES)


def test_every_space_collapses_as_before():
    text = "x".join(SPACES) + "\u00a0 a \u2003\u3000b\u200b c\t\n"
    assert clean_line(text) == re.sub(r"\s+", " ", text.replace("\u200b", "")).strip()
    assert clean_line(" \u2028 ") == ""
    assert normalize_text("a\u00a0\u2009b\n\nc \u3000 d") == "a b\n\nc d"
    want = hashlib.sha1(b"a b c").hexdigest()
    assert body_hash("A\u00a0 B\u3000C", normalized=True) == want
