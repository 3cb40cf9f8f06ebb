# ruff: noqa: RUF001, RUF002 -- typographic dashes, quotes and separators are what these patterns match
"""Boilerplate paragraphs: read-also lines, credits, captions, notices, stubs and stops.

The phrases are data (`newscrawl.extract.ruledata`, ``rules/<language>.yaml``); this module
holds the shapes (lengths, positions, date stamps, initials, lists) that apply them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newscrawl.extract.ruledata import alternation
from newscrawl.extract.text import squash

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable


STOP_RE = re.compile(rf"^(?:{alternation('stop')})\s*[:.]?$", re.IGNORECASE)
"""Short paragraphs after which everything is boilerplate."""

DROP_RE = re.compile(rf"^(?:{alternation('drop')})", re.IGNORECASE)
"""Short paragraphs dropped wherever they are (read-also lines, credits, share prompts)."""

DROP_ANYWHERE_RE = re.compile(alternation("drop_anywhere"), re.IGNORECASE)
"""Patterns that mark a paragraph of up to 250 characters as boilerplate anywhere in it."""

CAPTION_RE = re.compile(alternation("caption"), re.IGNORECASE)
"""Photo captions and credits, and calls to click (paragraphs of up to 300 characters)."""

BYLINE_LINE_RE = re.compile(
    r"^(?:[Bb]y|[Vv]on|[Pp]ar|[Pp]or|[Dd]oor|[Dd]i|[Aa]v|[Aa]f|[Оо]т)\s+[A-ZÀ-ÝŁŚŻ][\w.'’-]*(?:\s+[A-ZÀ-ÝŁŚŻ][\w.'’-]*){0,3}"
    r"(?:\s*[,|]\s*[\w .-]{0,30})?$"
)
"""A lone byline line such as ``Von Nina Magoley`` or ``By Jane Doe, Reuters``."""

_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_STAMP_WORDS_RE = re.compile(rf"\b(?:{alternation('stamp_word')})\b", re.IGNORECASE)
"""Words of a date stamp line (``Aktualisiert 12.03.2024, 10:15 Uhr``; kind ``stamp_word``)."""
_DATEISH_RE = re.compile(r"[\d\s.:/,|()\-–年月日時分]")
_STEP_END_RE = re.compile(r"[.!?…。！？]$")
"""A list item that ends a sentence (a step, a reference), not a tag or a teaser title."""
_DATE_SHAPE_RE = re.compile(r"\d{1,4}[./-]\s?\d{1,2}|\d{1,2}[:h]\d{2}|\b(?:19|20)\d{2}\b|[年月日]")
"""Something shaped like a date or a time (``22.04.2024``, ``06:00``, ``2024``, ``4月``)."""
_SENTENCE_END_RE = re.compile(r"[.!?…:;\"”“»«'’)\]。！？]$")


NOTICE_RE = re.compile(alternation("notice"), re.IGNORECASE)
"""Notices of up to 400 characters: affiliate and consent texts, video teasers, wire captions."""


_LABEL_RE = re.compile(r"^([^\W\d_][^\W\d]*(?:\s[^\W\d_][^\W\d]*)?)\s?:\s")
"""A line opening with a label of one or two words and a colon (``Termin: 29.02.2020``)."""


def is_dateish(line: str) -> bool:
    """Say whether a short line is only a date/time stamp (``Stand: 22.04.2024, 06:00 Uhr``).

    A line labelled with a word that is no stamp word (``Termin:``, ``Deadline:``) gives
    the date of something the text is about, not the page's own stamp.
    """
    if len(line) > 60 or line.startswith("|") or not _DATE_SHAPE_RE.search(line):
        return False  # a table row or a price is data, not a stamp
    label = _LABEL_RE.match(line)
    if label and not _STAMP_WORDS_RE.search(label.group(1)):
        return False
    digits = sum(c.isdigit() for c in line)
    if digits < 4:
        return False
    rest = _DATEISH_RE.sub("", _STAMP_WORDS_RE.sub("", line))
    return digits >= 0.3 * len(line.replace(" ", "")) or len(rest) <= 12


_INITIALS_TOKEN_RE = re.compile(r"^[A-Z][a-z]?\.?(?:[A-Z][a-z]?\.?){0,3}$")
"""One editor's initials such as ``Kh.A`` or ``H.H``."""
_INITIALS_SPLIT_RE = re.compile(r"\s*/\s*|\s+-\s+|\s+")


def is_initials(line: str) -> bool:
    """Say whether a paragraph is only editor initials (``Kh.A / H.H``, ``H.Z``)."""
    line = line.strip()
    if not line or len(line) > 30 or not ("." in line or "/" in line):
        return False
    tokens = [t for t in _INITIALS_SPLIT_RE.split(line) if t]
    return 0 < len(tokens) <= 4 and all(_INITIALS_TOKEN_RE.match(t) for t in tokens)


_WORDCHAR_RE = re.compile(r"\w")
_EMOTICON_RE = re.compile(r"^[:;=]['-]?[)(\]\[/|]+$")
"""A smiley standing as a line of its own (``=)``, ``;-)``): the writer's, not a separator."""


SUBJECT_CHARS = 8
"""A pattern's match is the page's subject when the headline holds it and it is this long
(letters and digits; "privacy policy", not "Foto")."""


def _outside(match: re.Match[str] | None, subject: str) -> bool:
    """Say whether a pattern matched, and its words are not the page's subject."""
    if match is None:
        return False
    words = squash(match.group(0))
    return not (subject and len(words) >= SUBJECT_CHARS and words in subject)


def is_junk(para: str, subject: str = "") -> bool:
    """Say whether a paragraph is boilerplate wherever it is.

    `subject` is the headline, squashed: a notice, caption or credit pattern whose words the
    headline holds names what the page is about ("Our new privacy policy"), not a notice.
    """
    para = para.removeprefix("- ")  # a list item is judged by its text
    n = len(para)
    if not _WORDCHAR_RE.search(para):
        return not _EMOTICON_RE.match(para)
    if n <= 60 and DROP_RE.match(para):
        return True
    if n <= 200 and DROP_RE.match(para) and not _SENTENCE_END_RE.search(para):
        return True
    if n <= 250 and _outside(DROP_ANYWHERE_RE.search(para), subject):
        return True
    if n <= 300 and _outside(CAPTION_RE.search(para), subject):
        return True
    if n <= 400 and _outside(NOTICE_RE.search(para), subject):
        return True
    if n <= 60 and (BYLINE_LINE_RE.match(para) or is_dateish(para)):
        return True
    return is_initials(para)


def _is_stub(para: str) -> bool:
    """Say whether a paragraph is a bare label (``Article content``, ``FAQ``, ``-``)."""
    if len(para) > 30 or _SENTENCE_END_RE.search(para) or ", " in para:
        return False  # a sentence, or a phrase in parts ("Platzwechsel, langsam erklärt")
    return len(para.split()) < 4 and not _CJK_RE.search(para)


LEAD_IN_MAX = 100
"""A closing paragraph this short ending in a colon introduced something not extracted; a
longer one is a sentence of the text (that a picture followed)."""
BOX_ITEM_MAX = 200
"""Paragraphs shorter than this after a stop label inside the text are the box's items."""
PROSE_AFTER_BOX = 2
"""A stop label with this many long paragraphs after it opens a box, not the end of the text."""


def _prose_follows(paras: list[str], start: int) -> bool:
    """Say whether the story goes on after `start`: long paragraphs, no other stop label.

    Two long paragraphs, or nothing but long ones (a label whose box was pruned before the
    extraction, then the end of the story).
    """
    long_paras = short_paras = 0
    for para in paras[start:]:
        if len(para) <= 60 and STOP_RE.match(para):
            return False
        if len(para) >= BOX_ITEM_MAX and not para.startswith("- "):
            long_paras += 1
            if long_paras >= PROSE_AFTER_BOX:
                return True
        else:
            short_paras += 1
    # Only a long paragraph follows: the box's items were pruned, the story ends after it.
    return long_paras > 0 and not short_paras


def cleanup_paragraphs(
    paras: list[str],
    stop_patterns: Iterable[re.Pattern[str]] = (),
    drop_patterns: Iterable[re.Pattern[str]] = (),
    *,
    title: str | None = None,
    headlines: Iterable[str] = (),
    plain_list: Callable[[list[str]], bool] | None = None,
) -> list[str]:
    """Cut the body at a stop paragraph and drop boilerplate paragraphs.

    Besides the profile's patterns: read-also lines, captions and credits, bylines and
    date stamps, newsletter prompts, editor initials; labels and headline repeats before
    the first paragraph; and bare labels after the last one. `plain_list` says whether
    closing list items are the items of a list without links in the page (kept: data of
    the text, not tags or related links).
    """
    stops = tuple(stop_patterns)
    drops = tuple(drop_patterns)
    paras = _merge_lone_datelines(_merge_broken_lines(paras))
    out: list[str] = []
    title_f = squash(title) if title else ""
    heads = [f for f in (squash(h) for h in headlines) if f]
    skipping = False
    for i, para in enumerate(paras):
        if any(p.search(para) for p in stops):
            break
        if len(para) <= 60 and STOP_RE.match(para) and out:
            if not _prose_follows(paras, i + 1):
                break
            # A box inside the text (related links, an author box): its items go, the
            # story goes on at the next long paragraph.
            skipping = True
            continue
        if skipping:
            if len(para) < BOX_ITEM_MAX:
                continue
            skipping = False
        if any(p.search(para) for p in drops):
            continue
        if is_junk(para, title_f):
            continue
        para = _TRAILING_LABEL_RE.sub("", para)
        if not out:
            if _is_stub(para):
                continue
            folded = squash(para)
            if title_f and title_f in folded and len(para) <= len(title or "") + 80:
                continue
            if len(folded) >= 12 and any(folded in h for h in heads):
                continue
        out.append(para)
    # A closing lead-in ("Quellen:", "Mehr Themen auf VOGUE.de:") introduced a list, video
    # or teaser that was not extracted.
    while out and (
        is_junk(out[-1], title_f) or (len(out[-1]) <= LEAD_IN_MAX and out[-1].endswith(":"))
    ):
        out.pop()
    # A list after the last paragraph is a fact box, tags or related links, not the story;
    # unless its items are sentences or long (steps of a recipe or a how-to, references, key
    # points), or the page's list holds no link (ingredients, specifications, requirements).
    if any(not p.startswith("- ") for p in out):
        start = len(out)
        while start and out[start - 1].startswith("- "):
            start -= 1
        tail = out[start:]
        if 2 * sum(bool(_STEP_END_RE.search(p)) or len(p) >= 100 for p in tail) < len(tail) and (
            plain_list is None or not tail or not plain_list([p[2:] for p in tail])
        ):
            del out[start:]
    if len(out) > 1 and _is_stub(out[-1]) and not _numbered_run(out[-2], out[-1]):
        out.pop()
    return out


_TRAILING_LABEL_RE = re.compile(r"(?<=[.!?…\"”»])\s+\[[^\W\d_][^\[\]\d.]{0,30}\]$")
"""A bracketed link label after a paragraph's last sentence (``… in Polsce. [więcej]``)."""


_NUMBERED_RE = re.compile(r"^(\d{1,3})[.)]\s")


def _numbered_run(before: str, last: str) -> bool:
    """Say whether `last` is the next item of a numbered run (``99. …``, ``100. …``)."""
    a, b = _NUMBERED_RE.match(before), _NUMBERED_RE.match(last)
    return a is not None and b is not None and int(b.group(1)) == int(a.group(1)) + 1


_CONTINUATION_RE = re.compile(r"^(?:[’'](?:s|t|re|ll|d)\b|[,.;:!?)\]]|[a-zß-öø-ÿ])")
_OPEN_END_RE = re.compile(r"[\w,;’'\"“”«»)-]$")


def _merge_broken_lines(paras: list[str]) -> list[str]:
    """Rejoin a sentence the generic extractor split at an inline element.

    ``"…without naming ousted PM"``, ``"Imran Khan"``, ``"’s Pakistan Tehreek…"`` become one
    paragraph: a piece that starts in lower case or with punctuation continues the previous
    one when that did not end a sentence.
    """
    out: list[str] = []
    for para in paras:
        if (
            out
            and not para.startswith("- ")
            and not out[-1].startswith("- ")
            and _CONTINUATION_RE.match(para)
            and _OPEN_END_RE.search(out[-1])
            and not _SENTENCE_END_RE.search(out[-1].rstrip("\"”»'’)"))
        ):
            glue = "" if para[0] in ",.;:!?)]’'" else " "
            out[-1] = f"{out[-1]}{glue}{para}"
        else:
            out.append(para)
    return out


_LONE_DATELINE_RE = re.compile(r"^[A-Z][A-Z .'’-]{1,30}(?:\([A-Za-z]{2,10}\))?\s*[:—–-]$")


def _merge_lone_datelines(paras: list[str]) -> list[str]:
    """Join a paragraph that is only a dateline (``NEW DELHI:``) to the text it opens."""
    out: list[str] = []
    i = 0
    while i < len(paras):
        para = paras[i]
        if i + 1 < len(paras) and _LONE_DATELINE_RE.match(para):
            out.append(f"{para} {paras[i + 1]}")
            i += 2
            continue
        out.append(para)
        i += 1
    return out
