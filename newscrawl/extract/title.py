# ruff: noqa: RUF001 -- typographic dashes, quotes and separators are what these patterns match
"""Title: candidates from the page, site-name suffix removal, the choice between them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newscrawl.extract.metadata import as_text, first_meta
from newscrawl.extract.text import clean_line, fold

if TYPE_CHECKING:
    from collections.abc import Iterable

    from newscrawl.extract.page import Page

_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " / ", " ~ ", " ‹ ", " › ")
_SEP_RE = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|/|~|‹|›)\s+")


def strip_suffix(title: str, site_names: Iterable[str] = (), *, loose: bool = True) -> str:
    """Remove a site-name suffix (or prefix) such as ``" - SANA"`` or ``"Site | "`` from `title`.

    A part is removed when it is one of `site_names` (compared loosely: ``Tageblatt.lu`` is
    ``Tageblatt``), a date, an author credit (``"| by Jane Doe"``), or, when `loose`, one
    short last part after a pipe or dash (``"Headline | Site"``, see `_looks_like_suffix`).
    Metadata titles are stripped with ``loose=False``: a part there that is not the site's
    name is part of the title (``"... | Eleanor Ainge Roy"``).
    """
    title = clean_line(title)
    names = {fold(n) for n in site_names if n and fold(n)}
    for _ in range(3):
        parts = _SEP_RE.split(title)
        if len(parts) < 2:
            break
        seps = _SEP_RE.findall(title)
        last, first = parts[-1], parts[0]
        rest_words = len(title.split()) - len(last.split())
        if _is_byline(last) and rest_words >= 3:
            title = title[: len(title) - len(last) - len(seps[-1])].strip()
            continue
        named = _is_name(last, names)
        if named or (loose and _looks_like_suffix(seps[-1], last, rest_words)):
            title = title[: len(title) - len(last) - len(seps[-1])].strip()
            # One part at most goes without a name: "A | Code | Author" gives "A | Code".
            loose = loose and named
            continue
        if names and _is_name(first, names):
            title = title[len(first) + len(seps[0]) :].strip()
            continue
        break
    return title


def _looks_like_suffix(sep: str, last: str, rest_words: int) -> bool:
    """Say whether an unnamed last part looks like a site or section name.

    A short part after a pipe (``"Headline | Site"``), or one to three words after a dash
    when the rest is a headline of four words or more (``"Lorem ipsum dolor sit - My
    website"``; ``"Zwei Rücktritte - und viele offene Fragen"`` stays whole).
    """
    words = len(last.split())
    if sep.strip() == "|":
        return words <= 4 and rest_words >= 3
    return sep.strip() in {"-", "–", "—"} and words <= 3 and rest_words >= 4


_BYLINE_PART_RE = re.compile(r"^(?:by|von|par|por|door|di|av|af)\s+[^\W\d_]", re.IGNORECASE)


def _is_byline(part: str) -> bool:
    """Say whether a title part credits the author: ``"by Jane Doe"``, ``"von Max Muster"``."""
    return bool(_BYLINE_PART_RE.match(part)) and len(part.split()) <= 5


_DATE_PART_RE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")


def _is_name(part: str, names: set[str]) -> bool:
    """Say whether a title part is a site name (or a date)."""
    if _DATE_PART_RE.match(part.strip()):
        return True
    f = fold(part)
    if not f:
        return False
    for n in names:
        if f == n:
            return True
        if len(n) >= 3 and n in f and len(f) <= len(n) + 8:
            return True  # "tageblatt.lu" for "tageblatt", "stern.de" for "stern"
        if len(f) >= 3 and f in n and len(f) >= 0.5 * len(n):
            return True  # "DW" for "dw.com", "SRF" for "srf news"
    words = part.split()
    if len(words) <= 5:
        last = fold(words[-1])
        if len(last) >= 5 and last in names:
            return True  # "Die Neue Südtiroler Tageszeitung" on tageszeitung.it
    return False


def suffix_guess(title: str, other: str) -> str | None:
    """Return the suffix `title` adds to `other` after a separator (``"A - Site"`` vs ``"A"``)."""
    if not other or len(title) <= len(other) or not title.startswith(other):
        return None
    rest = title[len(other) :]
    for sep in _SEPARATORS:
        if rest.startswith(sep) or rest.startswith(sep.rstrip()):
            return rest.lstrip(" |-–—:·•»/~‹›").strip() or None
    return None


_ENTITY_RE = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z]\w*);")


def escaped_twin(raw: str, other: str) -> bool:
    """Say whether `raw` carries HTML entities and says the same words as `other`.

    A JSON-LD headline escaped twice (``"unveils &#8216;family&#8217; plan"``) comes from a
    template that rewrites the text (curly quotes, quotes around a kicker); the metadata
    title with the same words (``"unveils 'family' plan"``) is the text as written.
    """
    if not _ENTITY_RE.search(raw) or not fold(other):
        return False
    return fold(clean_line(raw)) == fold(other)


_WORD_RE = re.compile(r"\w{3,}")


_KICKER_END_RE = re.compile(r"(?::|\s[-–—/|])\s*$")


def _drop_kicker(title: str, candidates: list[tuple[str, str]]) -> str:
    """Return `title` without a kicker (``"Topic: "``) that a metadata candidate lacks.

    ``"Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig"`` beside an
    og:title ``"Judy Lybke, ganz und gar nicht eigenartig"`` gives the latter.
    """
    for source, other in candidates:
        if source not in {"jsonld", "meta"} or other == title or len(other.split()) < 3:
            continue
        if title.endswith(other) and _is_kicker(title[: len(title) - len(other)]):
            return other
    return title


def _is_kicker(prefix: str) -> bool:
    return 0 < len(prefix.split()) <= 8 and bool(_KICKER_END_RE.search(prefix))


def _template_suffix(suffix: str, values: list[str]) -> bool:
    """Say whether `suffix` ends at least two of `values` with different heads before it."""
    heads = {fold(v[: -len(suffix)]) for v in values if v.endswith(suffix) and v != suffix}
    return len(heads) >= 2


_TITLE_META = (
    # Dublin Core in its RDFa form first, as Readability does; the ``name="DC.title"`` form
    # often carries the site suffix, so it only stands in for a missing og:title.
    "dc:title",
    "dcterms:title",
    "og:title",
    "twitter:title",
    "dc.title",
    "parsely-title",
)


def _word_set(text: str) -> set[str]:
    return {w.casefold() for w in _WORD_RE.findall(text)}


def choose_title(page: Page) -> str | None:
    """Return the headline: profile, JSON-LD, OpenGraph, ``<title>``, ``<h1>``, hints.

    Site-name parts are removed with the names the page declares (``og:site_name``,
    publisher, host) and the suffixes revealed by comparing the candidates with each
    other (``"Headline | Site"`` beside ``"Headline"``).
    """
    names = page.site_names()
    for value in page.profile_values("title"):
        page.sources["title"] = "profile"
        return strip_suffix(value, names)
    candidates: list[tuple[str, str]] = []
    headline = as_text(page.ld("headline"))
    if headline:
        candidates.append(("jsonld", clean_line(headline)))
    og = first_meta(page.meta, *_TITLE_META)
    if og:
        candidates.append(("meta", clean_line(og[1])))
    if not candidates and "headline" in page.micro:
        candidates.append(("meta", page.micro["headline"]))
    title_el = page.doc.tree.find(".//title")
    page_title = clean_line(title_el.text_content()) if title_el is not None else ""
    if page_title:
        candidates.append(("generic", page_title))
    h1s = [clean_line(h.text_content()) for h in page.doc.tree.iter("h1")]
    h1s = [h for h in h1s if len(h) > 3]
    if h1s:
        candidates.append(("generic", h1s[0]))
    # A JSON-LD headline sharing no word with any other candidate is a description, not
    # the headline; so is one sharing less than half its words when the JSON-LD `name`
    # is another candidate (wikis: headline "Wikimedia list article", name = the h1).
    if headline and len(candidates) > 1:
        words = _word_set(headline)
        others = [v for _, v in candidates[1:]]
        if not any(words & _word_set(v) for v in others):
            candidates.pop(0)
        elif not any(2 * len(words & _word_set(v)) >= len(words) for v in others):
            name = as_text(page.ld("name"))
            folded = {fold(v) for v in others}
            if name and fold(name) in folded:
                candidates[0] = ("jsonld", clean_line(name))
    # Suffixes revealed by a shorter candidate: "Headline | Site" next to "Headline". The
    # `<title>` element is where sites put their name, so any such suffix goes there. In
    # og:title or the JSON-LD headline a suffix that is not a declared site name counts
    # when the other metadata title lacks it ("... | Sport" beside "...") or when it
    # follows two different headlines (a template part); a suffix only the `<h1>` lacks
    # is part of the title ("... - Super Supportive", "... | Eleanor Ainge Roy").
    values = [v for _, v in candidates]
    declared = {v for source, v in candidates if source in {"jsonld", "meta"}}
    title_names = list(names)
    for a in values:
        for b in values:
            guess = suffix_guess(a, b)
            if not guess or len(guess) > 40:
                continue
            title_names.append(guess)
            if (a in declared and b in declared) or _template_suffix(guess, values):
                names.append(guess)
    if page.hints.get("title"):
        candidates.insert(len(candidates) - bool(h1s), (page.origin, page.hints["title"]))
    stripped = [
        (
            source,
            strip_suffix(value, names, loose=False)
            if source in {"jsonld", "meta"}
            else strip_suffix(value, title_names),
        )
        for source, value in candidates
    ]
    if headline and stripped[0][0] == "jsonld":
        # An entity-escaped headline gives way to og:title when both say the same words.
        twin = next((v for s, v in stripped if s == "meta" and escaped_twin(headline, v)), None)
        if twin:
            stripped[0] = ("jsonld", twin)
    # Metadata that is only the site's name says nothing about the page.
    site = {fold(n) for n in names if fold(n)}
    stripped = [(s, v) for s, v in stripped if not (s in {"jsonld", "meta"} and fold(v) in site)]
    if not any(s in {"jsonld", "meta"} and v for s, v in stripped):
        visible = _visible_headline(h1s, strip_suffix(page_title, title_names), site)
        if visible:
            page.sources["title"] = "generic"
            return visible
    for source, title in stripped:
        if title:
            page.sources["title"] = source
            return _drop_kicker(title, stripped)
    return None


def _visible_headline(h1s: list[str], page_title: str, site: set[str]) -> str | None:
    """Return the ``<h1>`` that the ``<title>`` confirms, when the page has no metadata title.

    The ``<title>`` confirms a headline it holds as most of its text ("Headline [Site]",
    "Site_Section_Headline") or that it starts (a ``<title>`` cut short). A ``<title>`` that is
    empty or only the site's name leaves the first ``<h1>`` that is not the site's name. An
    ``<h1>`` the ``<title>`` does not hold (a section name, the logo) is not the headline.
    """
    title_f = fold(page_title)
    plausible = [h for h in h1s if fold(h) and fold(h) not in site and len(h.split()) >= 2]
    if not title_f or title_f in site:
        return plausible[0] if plausible else None
    if any(fold(h) == title_f for h in plausible):
        return None  # they agree as they are: the <title> is taken below
    # The headline opens the <title> ("Headline [Site]") or the <title> is cut short; else
    # the longest <h1> that makes most of the <title> ("Site_Section_Headline").
    for h in plausible:
        h_f = fold(h)
        if (title_f.startswith(h_f) and len(h_f) >= 0.4 * len(title_f)) or (
            len(title_f) >= 20 and h_f.startswith(title_f)
        ):
            return h
    held = [h for h in plausible if fold(h) in title_f and len(fold(h)) >= 0.6 * len(title_f)]
    return max(held, key=len) if held else None
