# ruff: noqa: RUF001, RUF002 -- typographic dashes, quotes and separators are what these patterns match
"""Article body: generic extraction (trafilatura), element text, boilerplate cleanup, dateline."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extract.text import clean_line, normalize_text

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from lxml.html import HtmlElement

BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "table",
        "tr",
        "section",
        "article",
        "figure",
        "figcaption",
        "header",
        "footer",
        "aside",
        "dl",
        "dt",
        "dd",
        "br",
        "hr",
        "main",
        "nav",
        "form",
        "address",
    }
)
SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "svg",
        "button",
        "form",
        "select",
        "nav",
        "figure",
        "figcaption",
        "aside",
        "input",
        "textarea",
        "video",
        "audio",
        "object",
    }
)

STOP_RE = re.compile(
    r"^(?:check also|related(?: (?:posts?|articles?|stories|news|content|topics|coverage))?|"
    r"you (?:may|might) also (?:like|be interested in)|more (?:from|on) (?:this|the)\b.*|"
    r"more stories|recommended(?: for you| stories| articles)?|read next|"
    r"share this(?: article| story)?|tags?|tagged|filed under|topics|"
    r"leave a (?:comment|reply)|comments?|about the authors?|die autorin|der autor|die autoren|"
    r"zur person|l.auteur|el autor|sobre el autor|o autorze|om skribenten|"
    r"(?:this|the) (?:article|story) (?:was|is) (?:originally )?published\b.*)\s*[:.]?$",
    re.IGNORECASE,
)
"""Short paragraphs after which everything is boilerplate."""

DROP_RE = re.compile(
    r"^(?:(?:read|see|watch|listen)(?: (?:also|more|too|next|here))?\s*[:>»|-]|"
    r"(?:read|see) also\b|also read\s*:|related\s*:|recommended\s*:|more\s*:|"
    r"(?:photo|image|picture|foto|bild|video|source|credit|photograph)s?(?: credit)?\s*[:©]|"
    r"©|\(c\) |copyright\b|all rights reserved|"
    r"click here\b|follow us\b|share (?:on|via)\b|advertisement$|anzeige$|werbung$|"
    r"publicité$|passer la publicité|"
    r"sign up\b.*newsletter|subscribe\b.*newsletter|sign up for (?:our|the)\b|"
    r"\(?[a-z]{2,4}(?:/[a-z]{2,4})*\)$|"
    r"(?:this|the) (?:article|story|content) (?:is|was) (?:produced|sponsored)\b|"
    # credits and sources
    r"\(?(?:quelle|source|sources|fuente|fonte|kilde|källa|bron)\s*:|mit (?:agentur|material)|"
    r"with files from\b|with reporting by\b|(?:additional )?reporting (?:by|from)\b|"
    r"read more$|more to follow|"
    r"(?:redaktion|faktencheck|übersetzung|schlussredaktion|edited by|editing by|"
    r"text|texte|fotos?|grafik)\s*:|"
    # read-also lines in several languages
    r"(?:lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|"
    r"das könnte sie auch interessieren|"
    r"weitere artikel|zum artikel|à lire aussi|a lire aussi|lire aussi|leer más|lea también|"
    r"te puede interesar|leia também|leia mais|czytaj (?:więcej|też|także)|läs (?:också|mer)|"
    r"les også|læs også|lees ook|leggi anche|ler também|читайте также|devamını oku|"
    r"ayrıca bakınız|funda olunye udaba)\b|"
    # interface strings
    r"fehler gefunden|jetzt melden|wie hat ihnen dieser artikel gefallen|"
    r"durchschnittliche bewertung|hauptinhalt$|link zum [\w-]+-inhalt|"
    r"empfohlener redaktioneller inhalt|recommended videos?$|article content$|skip to\b|"
    r"copy link|link kopieren|lesedauer|reading time|temps de lecture|tiempo de lectura|"
    r"\d+\s*min(?:ute)?s?\.? read$|"
    # table-of-contents labels
    r"(?:auf dieser seite|on this page|in this article|in diesem artikel|table of contents|"
    r"contents|inhalt|inhaltsverzeichnis|sommaire|dans cet article|índice|spis treści|"
    r"innehåll|innhold|indhold|inhoud|inhoudsopgave|indice)\s*:?$)",
    re.IGNORECASE,
)
"""Short paragraphs dropped wherever they are (read-also lines, credits, share prompts)."""

DROP_ANYWHERE_RE = re.compile(
    r"newsletter|in your inbox|whatsapp-kanal|abonniere|"
    r"earn (?:us )?(?:an? )?(?:small )?(?:affiliate )?commission|"
    r"\d+(?:[.,]\d+)?\s*%\s+(?:of this article|de cet article|dieses artikels)|"
    r"réservée? aux abonnés|reserved for subscribers|for subscribers only|"
    r"nur für abonnenten|exclusivo para suscriptores|"
    r"contributed (?:to )?this report\.?$|log in or create an account|create a free account|"
    r"copyright\s*[©ⓒ]|[©ⓒ]\s*\d{4}|you are using a browser|limited support for css|"
    r"displaying the site without styles|"
    r"already a subscriber|(?:update|upgrade) your browser|up to date browser|enable javascript|"
    r"for more stories like this|(?:follow|add) \S+(?: \S+)? on (?:google news|twitter|x|"
    r"facebook|instagram|whatsapp)\b|"
    r"(?:get in touch|story to tell|contact us|tips?|e-?mail)\b[^@]{0,80}\S+@\S+\.\w+",
    re.IGNORECASE,
)
"""Patterns that mark a paragraph of up to 250 characters as boilerplate anywhere in it."""

CAPTION_RE = re.compile(
    r"©|\b(?:bild|foto|fotos|photo|photos|image|credit|crédit|picture|getty images|imago|"
    r"picture alliance|shutterstock|istock)\b\s*[:/]|"
    r"(?:/|\|)\s*(?:dpa|afp|reuters|ap|getty images|imago(?: images)?|picture alliance)\s*$|"
    r"\((?:[\w.]+\s+)?(?:photo|foto|image|picture)s?\s*(?:/|:|by)[^)]*\)\s*$|"
    r"^pictured\b|^(?:click|tap) here\b",
    re.IGNORECASE,
)
"""Photo captions and credits, and calls to click (paragraphs of up to 300 characters)."""

BYLINE_LINE_RE = re.compile(
    r"^(?:[Bb]y|[Vv]on|[Pp]ar|[Pp]or|[Dd]oor|[Dd]i|[Aa]v|[Aa]f|[Оо]т)\s+[A-ZÀ-ÝŁŚŻ][\w.'’-]*(?:\s+[A-ZÀ-ÝŁŚŻ][\w.'’-]*){0,3}"
    r"(?:\s*[,|]\s*[\w .-]{0,30})?$"
)
"""A lone byline line such as ``Von Nina Magoley`` or ``By Jane Doe, Reuters``."""

_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_STAMP_WORDS_RE = re.compile(
    r"\b(?:updated?|published|posted|stand|aktualisiert|veröffentlicht|uppdaterad|publicerad|"
    r"oppdatert|publisert|opdateret|actualizado|publicado|mis à jour|publié|aggiornato|"
    r"pubblicato|uhr|am|pm|gmt|utc|cet|cest|bst|edt|est)\b",
    re.IGNORECASE,
)
_DATEISH_RE = re.compile(r"[\d\s.:/,|()\-–年月日時分]")
_SENTENCE_END_RE = re.compile(r"[.!?…:;\"”“»«'’)\]。！？]$")


NOTICE_RE = re.compile(
    r"affiliate commission|independently selected|externen? inhalte?\b|external content|"
    r"third-party content|drittplattform|privacy policy|datenschutzerklärung|"
    r"\d{1,2}\.\d{1,2}\.\d{2,4}\s*\|\s*\d{1,2}:\d{2}\s*min\.?$|"
    r"\((?:AP|AFP|EPA|Reuters|dpa|Getty Images)\s+(?:Photo|Foto)\b|"
    r"^mit informationen (?:von|der|aus)\b|^with (?:information|material) from\b|"
    r"^(?:dieser|der) (?:artikel|beitrag|text) (?:ist|erschien|wurde)\b.{0,80}"
    r"(?:erschienen|übersetzung|veröffentlicht)|"
    r"^this (?:article|story) (?:first|originally) appeared\b|melden sie (?:sich )?vertraulich|"
    r"send us a tip\b|^(?:>>|»|→|►|▶)\s|kostenlos testen|free trial\b|essai gratuit|"
    r"prueba gratis|journalismus braucht|support (?:our|independent) journalism|"
    r"(?:hat|wie hat) ihnen dieser artikel gefallen|did you (?:enjoy|like) this (?:article|story)|"
    r"popular articles?$|most (?:read|popular)$|meistgelesen|"
    r"^(?:関連記事|おすすめ|相关|관련\s?기사)",
    re.IGNORECASE,
)
"""Notices of up to 400 characters: affiliate and consent texts, video teasers, wire captions."""


def is_dateish(line: str) -> bool:
    """Say whether a short line is only a date/time stamp (``Stand: 22.04.2024, 06:00 Uhr``)."""
    if len(line) > 60:
        return False
    digits = sum(c.isdigit() for c in line)
    if digits < 4:
        return False
    rest = _DATEISH_RE.sub("", _STAMP_WORDS_RE.sub("", line))
    return digits >= 0.3 * len(line.replace(" ", "")) or len(rest) <= 12


_INITIALS_TOKEN_RE = re.compile(r"^[A-Z][a-z]?\.?(?:[A-Z][a-z]?\.?){0,3}$")
"""One editor's initials such as ``Kh.A`` or ``H.H``."""
_INITIALS_SPLIT_RE = re.compile(r"\s*/\s*|\s+-\s+|\s+")

DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z\u00c0-\u024f][\w\u00c0-\u024f.'’ -]{1,40}?)"
    r"(?:\s*,\s*(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)(?:,?\s+\d{4})?))?"
    r"\s*(?:"
    # LONDON (Reuters) -, Damascus, Oct. 2 (SANA)
    r"\((?P<agency>[A-Z][\w.&'’ /-]{0,24})\)\s*[-–—:]?"
    r"|,\s*(?P<agency2>[A-Z][A-Za-z]{1,10}|[A-Z]{2,10})\s*[-–—]"  # Damascus, SANA-
    r"|\s[-–—]\s"  # WASHINGTON — (all caps only, checked below)
    r")"
)


def is_initials(line: str) -> bool:
    """Say whether a paragraph is only editor initials (``Kh.A / H.H``, ``H.Z``)."""
    line = line.strip()
    if not line or len(line) > 30 or not ("." in line or "/" in line):
        return False
    tokens = [t for t in _INITIALS_SPLIT_RE.split(line) if t]
    return 0 < len(tokens) <= 4 and all(_INITIALS_TOKEN_RE.match(t) for t in tokens)


def find_dateline(first_paragraph: str) -> str | None:
    """Return the place of a dateline at the start of the body, e.g. ``Damascus``."""
    m = DATELINE_RE.match(first_paragraph[:120])
    if not m:
        return None
    place = m.group("place").strip(" ,.-")
    agency = m.group("agency") or m.group("agency2")
    if not agency and not place.isupper():
        return None
    if agency and m.group("agency2") and not (agency.isupper() or agency in _AGENCIES):
        return None
    if not place or len(place.split()) > 4 or place.casefold() in _NOT_PLACES:
        return None
    if place.isupper():
        place = " ".join(w.capitalize() if not w.startswith("-") else w for w in place.split())
        place = "-".join(p[:1].upper() + p[1:] for p in place.split("-"))
    return place


_AGENCIES = frozenset({"Reuters", "Xinhua", "Bernama", "Anadolu", "Yonhap", "Kyodo", "Tass"})
_NOT_PLACES = frozenset(
    {"update", "updated", "breaking", "exclusive", "analysis", "opinion", "editorial"}
)


def element_paragraphs(root: HtmlElement, removed: Iterable[HtmlElement] = ()) -> list[str]:
    """Return the text of `root` split into paragraphs at block elements and ``<br>`` pairs."""
    skip = set(removed)
    paras: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = clean_line("".join(buf))
        buf.clear()
        if text:
            paras.append(text)

    def walk(el: HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None or tag in SKIP_TAGS or el in skip:
            if el.tail:
                buf.append(el.tail)
            return
        block = tag in BLOCK_TAGS
        if block:
            flush()
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
        if block:
            flush()
        if el.tail:
            buf.append(el.tail)

    if root.text:
        buf.append(root.text)
    for child in root:
        walk(child)
    flush()
    return paras


_WORDCHAR_RE = re.compile(r"\w")


def _is_junk(para: str) -> bool:
    para = para.removeprefix("- ")  # a list item is judged by its text
    n = len(para)
    if not _WORDCHAR_RE.search(para):
        return True
    if n <= 60 and DROP_RE.match(para):
        return True
    if n <= 200 and DROP_RE.match(para) and not _SENTENCE_END_RE.search(para):
        return True
    if n <= 250 and DROP_ANYWHERE_RE.search(para):
        return True
    if n <= 300 and CAPTION_RE.search(para):
        return True
    if n <= 400 and NOTICE_RE.search(para):
        return True
    if n <= 60 and (BYLINE_LINE_RE.match(para) or is_dateish(para)):
        return True
    return is_initials(para)


SPEC_ITEM_CHARS = 60
"""List items shorter than this on average, three or more in a row, are not prose."""


def _is_stub(para: str) -> bool:
    """Say whether a paragraph is a bare label (``Article content``, ``FAQ``, ``-``)."""
    if len(para) > 30 or _SENTENCE_END_RE.search(para):
        return False
    return len(para.split()) < 4 and not _CJK_RE.search(para)


def cleanup_paragraphs(
    paras: list[str],
    stop_patterns: Iterable[re.Pattern[str]] = (),
    drop_patterns: Iterable[re.Pattern[str]] = (),
    *,
    title: str | None = None,
    headlines: Iterable[str] = (),
) -> list[str]:
    """Cut the body at a stop paragraph and drop boilerplate paragraphs.

    Besides the profile's patterns: read-also lines, captions and credits, bylines and
    date stamps, newsletter prompts, editor initials; labels and headline repeats before
    the first paragraph; and bare labels after the last one.
    """
    stops = tuple(stop_patterns)
    drops = tuple(drop_patterns)
    paras = _merge_lone_datelines(_merge_broken_lines(paras))
    out: list[str] = []
    title_f = _fold(title) if title else ""
    heads = [f for f in (_fold(h) for h in headlines) if f]
    for para in paras:
        if any(p.search(para) for p in stops):
            break
        if len(para) <= 60 and STOP_RE.match(para) and out:
            break
        if any(p.search(para) for p in drops):
            continue
        if _is_junk(para):
            continue
        if not out:
            if _is_stub(para):
                continue
            folded = _fold(para)
            if title_f and title_f in folded and len(para) <= len(title or "") + 80:
                continue
            if len(folded) >= 12 and any(folded in h for h in heads):
                continue
        out.append(para)
    # A closing lead-in ("Quellen:", "Mehr Themen auf VOGUE.de:") introduced a list, video
    # or teaser that was not extracted.
    while out and (_is_junk(out[-1]) or (len(out[-1]) <= 200 and out[-1].endswith(":"))):
        out.pop()
    # A list after the last paragraph is a fact box or related links, not the story.
    if any(not p.startswith("- ") for p in out):
        while out and out[-1].startswith("- "):
            out.pop()
    out = _drop_spec_lists(out)
    if len(out) > 1 and _is_stub(out[-1]):
        out.pop()
    return out


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


def _drop_spec_lists(paras: list[str]) -> list[str]:
    """Drop runs of three or more very short list items (spec sheets, link lists, tag lists)."""
    out: list[str] = []
    i = 0
    while i < len(paras):
        if not paras[i].startswith("- "):
            out.append(paras[i])
            i += 1
            continue
        j = i
        while j < len(paras) and paras[j].startswith("- "):
            j += 1
        run = paras[i:j]
        if len(run) < 3 or sum(len(p) for p in run) / len(run) >= SPEC_ITEM_CHARS:
            out.extend(run)
        i = j
    return out


_BOILER_ATTR_RE = re.compile(
    r"related|recommend|newsletter|outbrain|taboola|promo(?!t)|advert|sponsor|social|"
    r"share(?!d)|sharing|signup|sign-up|cookie|consent|modal|popup|breadcrumb|author-?bio|"
    r"read-?more|also-?read|more-?(?:articles|stories|news)|most-?(?:read|popular)|"
    r"check-?also|twitter-tweet|instagram-media|tiktok-embed|fb-post|social-embed|caption|"
    r"(?:image|photo|picture)-?credit|fact-?box|fakta-?box|info-?box|"
    r"(?:^|[-_ ])(?:comments?|ad-slot|donate|donation)(?:$|[-_ ])",
    re.IGNORECASE,
)
_BOILER_KEYS_RE = re.compile(
    "relat|recomm|newsl|outbr|tabo|promo|adv|spons|soci|shar|sign|cooki|conse|modal|popup|"
    "bread|bio|read|more|most|comment|ad-|ads|donat|check|tweet|insta|tiktok|fb-|embed|"
    "caption|credit|fact|fakta|info"
)
"""Cheap test run before `_BOILER_ATTR_RE` (most class names have none of these)."""
_KEEP_TAGS = frozenset({"html", "body", "main", "article", "h1"})
ARTICLE_BODY_RE = re.compile(
    r"(?:^|[-_ ])(?:entry|post|article|story|news)[-_]?(?:content|body|text)(?:$|[-_ ])|"
    r"articlebody",
    re.IGNORECASE,
)
"""Class/id of the article's own text container: never boilerplate, whatever modifier classes
it also carries (``entry-content is-highlight-shares``)."""
_ATTR_XPATH = etree.XPath("//body//*[@class or @id or @itemprop]")


def attributed_elements(tree: HtmlElement) -> list[HtmlElement]:
    """Return the body's elements with a class, id or itemprop, in document order.

    The body layers that judge elements by their names (`mark_boilerplate`, the split-body
    join) share this one walk of the tree (`Document.attributed_elements` keeps it).
    """
    return list(_ATTR_XPATH(tree))


_MARK = "data-newscrawl-prune"
_PRUNE_XPATH = f"//*[@{_MARK}]"
_UNMARKED = f"[not(ancestor-or-self::*[@{_MARK}])]"
"""XPath filter: not inside a block already marked (libxml2 walks the ancestors, not Python)."""
_LIST_XPATH = etree.XPath(f"//body//ul[li[2]]{_UNMARKED} | //body//ol[li[2]]{_UNMARKED}")
_LINK_ONLY_XPATH = etree.XPath(
    "//body//*[self::h2 or self::h3 or self::h4 or self::h5 or self::p]"
    "[count(.//a[@href and not(starts-with(@href, '#'))]) = 1]"
    "[normalize-space(.) = normalize-space(.//a[@href])]" + _UNMARKED
)
"""Headings and paragraphs that are nothing but one link: teasers of other articles."""
_LINK_TEXT_XPATH = etree.XPath(".//a//text()")


def _has_prose(el: HtmlElement) -> bool:
    """Say whether `el` holds two or more long paragraphs (article text, not a box)."""
    long_paras = 0
    for p in el.iter("p"):
        if len(p.text_content()) > 150:
            long_paras += 1
            if long_paras >= 2:
                return True
    return False


def is_boilerplate_block(el: HtmlElement) -> bool:
    """Say whether the class or id of `el` names a related/share/ad/embed block."""
    if el.tag in _KEEP_TAGS or not isinstance(el.tag, str):
        return False
    attrs = f"{el.get('class', '')} {el.get('id', '')}".lower()
    if not _BOILER_KEYS_RE.search(attrs) or not _BOILER_ATTR_RE.search(attrs):
        return False
    return not (ARTICLE_BODY_RE.search(attrs) or el.get("itemprop") == "articleBody")


def mark_boilerplate(
    root: HtmlElement, elements: Sequence[HtmlElement] | None = None
) -> list[HtmlElement]:
    """Mark related/newsletter/share/ad blocks and link lists for pruning; return them.

    An element is marked when its class or id names a boilerplate block, or when it is a
    list whose text is mostly links (related-article lists). Nothing holding two long
    paragraphs or more than a third of the page's text is marked, so a wrapper with an
    unlucky class name survives. Call `unmark` afterwards: the shared tree is restored.
    """
    body = root.find("body")
    if body is None:
        return []
    limit = max(400, len(body.text_content()) // 3)
    marked: list[HtmlElement] = []

    def mark(el: HtmlElement) -> None:
        el.set(_MARK, "")
        marked.append(el)

    for el in attributed_elements(root) if elements is None else elements:
        if not is_boilerplate_block(el):
            continue
        if marked and any(a.get(_MARK) is not None for a in el.iterancestors()):
            continue
        if len(el.text_content()) <= limit and not _has_prose(el):
            mark(el)
    # The lists and link-only blocks are selected after the first marks are set, so the
    # XPath leaves out what is already inside a marked block. A list nested in another
    # list marked here may be marked too: pruning the outer one removes both.
    for lst in _LIST_XPATH(root):
        text_len = len(lst.text_content().strip())
        if not text_len or text_len > limit:
            continue
        links = sum(len(t.strip()) for t in _LINK_TEXT_XPATH(lst))
        if links >= 0.6 * text_len:
            mark(lst)
    for el in _LINK_ONLY_XPATH(root):
        if len(el.text_content()) < 200:
            mark(el)
    return marked


def unmark(elements: Iterable[HtmlElement]) -> None:
    """Remove the pruning marks set by `mark_boilerplate`."""
    for el in elements:
        el.attrib.pop(_MARK, None)


SHORT_TEXT = 1500
"""Below this many characters the precision-mode result is double-checked."""
INCLUDE_TABLES = False
"""Tables (data boxes, schedules) stay out of the body: they rarely read as article text."""


_PROSE_XPATH = etree.XPath(f"//body//p{_UNMARKED}")
PROSE_PARAGRAPH = 80
"""Paragraphs at least this long (characters) count as prose in `_prose_missing`."""


def _prose_missing(tree: HtmlElement, found: int) -> bool:
    """Say whether the page may hold much more prose than the `found` characters.

    Counts the long ``<p>`` paragraphs outside marked boilerplate. When they hold at most
    500 characters more than was found, and at least half of it (so the page does keep its
    text in ``<p>``), a wider extraction has nothing to add and is not run (it costs a full
    trafilatura pass with its fallback extractors).
    """
    if not found:
        return True  # nothing at all: the wider pass is the only chance (layout tables)
    prose = 0
    for p in _PROSE_XPATH(tree):
        n = len(" ".join(p.text_content().split()))
        if n >= PROSE_PARAGRAPH:
            prose += n
            if prose > found + 500:
                return True
    return prose < found / 2


def generic_body(
    tree: HtmlElement,
    url: str,
    *,
    favor_precision: bool = True,
    elements: Sequence[HtmlElement] | None = None,
) -> str:
    """Extract the main text with trafilatura, boilerplate blocks pruned from its copy.

    trafilatura runs without its fallback extractors first (half the cost); they are run
    only when that finds almost nothing, which is when they help. When the precision
    settings find nothing at all (a page laid out in tables), the wider answer is taken.
    """
    import trafilatura

    def run(fast: bool, precision: bool = favor_precision) -> str:
        return (
            trafilatura.extract(
                tree,
                url=url,
                fast=fast,
                favor_precision=precision,
                prune_xpath=prune,
                output_format="txt",
                include_comments=False,
                include_tables=INCLUDE_TABLES,
                include_images=False,
                include_links=False,
                with_metadata=False,
                deduplicate=False,
            )
            or ""
        )

    marked = mark_boilerplate(tree, elements)
    prune = _PRUNE_XPATH if marked else None
    try:
        text = run(fast=True)
        if len(text) < 500:
            full = run(fast=False)
            if len(full) > len(text):
                text = full
        if len(text) < SHORT_TEXT and favor_precision and _prose_missing(tree, len(text)):
            # Precision settings sometimes keep one block of a long article: ask again
            # without them and take the answer only when it is much longer.
            wide = run(fast=False, precision=False)
            if len(wide) > 2 * len(text) + 500 or not text:
                text = wide
    finally:
        unmark(marked)
    if not text:
        return ""
    return normalize_text(text.replace("\n", "\n\n"))


_LEAD_CLASS_RE = re.compile(
    r"lead(?!ing)|intro|teaser|standfirst|summary|subtitle|sub-title|subhead|deck|dek\b|abstract|"
    r"excerpt|description|epigraph|sapo|chapo|chapeau|bajada|entradilla|ingress|vorspann|"
    r"perex|anons|occhiello|sommario|catenaccio",
    re.IGNORECASE,
)
_LEAD_SKIP_CLASS_RE = re.compile(
    r"caption|credit|related|teaser-list|teaserlist|card|promo|newsletter|comment|author|byline|"
    r"breadcrumb|nav|menu|footer|share|social|tag|meta|date|time",
    re.IGNORECASE,
)
_MEDIA_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:caption|credit|gallery|slideshow|carousel)s?(?:$|[\s_-])", re.IGNORECASE
)
"""A caption or gallery container: a class token or hyphenated part so named (``wp-caption``,
``gallery__item``), not a longer word (``hasCaption``, ``ContentHeaderAccreditation``)."""
_LEAD_TAGS = frozenset({"p", "div", "h2", "h3", "span", "strong", "section", "header"})


def _fold(s: str) -> str:
    return re.sub(r"[\W_]+", "", s.casefold())


def find_lead(
    tree: HtmlElement, first_paragraph: str, title: str | None, description: str | None
) -> str | None:
    """Return the standfirst shown between the headline and the body, if the page has one.

    A candidate is an element after the ``<h1>`` (when there is one) and before the body's
    first paragraph whose text equals the meta description, or whose class names it a
    lead/intro/summary/standfirst; captions, bylines, related links and dates are ignored.
    """
    start = _fold(first_paragraph[:80])
    if len(start) < 15:
        return None
    desc = _fold(description or "")
    title_f = _fold(title or "")
    body_el = tree.find("body")
    if body_el is None:
        return None
    seen_h1 = False
    has_h1 = tree.find(".//h1") is not None
    best: str | None = None
    for el in body_el.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag:
            continue
        if tag == "h1":
            if seen_h1 and best is None:
                continue
            seen_h1 = True
            best = None  # only what follows the headline
            continue
        if tag in SKIP_TAGS or tag in {"script", "style", "a", "time", "ul"}:
            continue
        if tag not in _LEAD_TAGS and "-" not in tag and not (tag == "li" and _first_item(el)):
            continue
        text = el.text_content()
        if len(text) > 1500:
            continue
        folded = _fold(text)
        if not folded:
            continue
        if folded.startswith(start) or (start in folded and len(folded) < 3 * len(start)):
            return best
        if tag == "li":  # a body may open with a list (key points), never a standfirst
            continue
        if has_h1 and not seen_h1:
            continue
        if best is not None or not 40 <= len(text.strip()) <= 700:
            continue
        if folded == title_f or (
            title_f and title_f in folded and len(folded) < len(title_f) + 60
        ):
            continue
        attrs = f"{el.get('class', '')} {el.get('id', '')} {el.get('data-manual', '')}"
        if _LEAD_SKIP_CLASS_RE.search(attrs) and not (desc and folded == desc):
            continue
        if el.xpath("ancestor::figure or ancestor::aside or ancestor::nav or ancestor::footer"):
            continue
        if any(
            _MEDIA_CLASS_RE.search(a.get("class", ""))
            for a in el.iterancestors()
            if a.get("class")
        ):
            continue
        links = sum(len(a.text_content()) for a in el.iter("a"))
        if links > 0.3 * len(text):
            continue
        if _matches_description(folded, desc) or _LEAD_CLASS_RE.search(attrs):
            candidate = clean_line(_widen(el, text))
            if not _is_junk(candidate):
                best = candidate
    return None


def _first_item(li: HtmlElement) -> bool:
    return li.getprevious() is None


def _matches_description(folded: str, desc: str) -> bool:
    """Say whether an element's text is the meta description (allowing a short prefix)."""
    if not desc or not folded:
        return False
    if folded == desc:
        return True
    if len(desc) > 60 and folded.startswith(desc[:-3]):
        return True  # description truncated with an ellipsis
    return len(folded) > 60 and desc.endswith(folded) and len(folded) >= 0.8 * len(desc)


def _widen(el: HtmlElement, text: str) -> str:
    """Return the text of the closest ancestor that only adds a short prefix (``Berlin.``)."""
    parent = el.getparent()
    while parent is not None and parent.tag not in {"body", "article", "main", "header"}:
        wider = parent.text_content()
        if len(wider.strip()) > len(text.strip()) + 40:
            break
        text, parent = wider, parent.getparent()
    return text
