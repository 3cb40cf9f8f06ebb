"""Body assembly: profile selectors or the generic layers, then the page's own checks.

One container the page's own DOM clearly holds the prose in (`owndom.decisive_paragraphs`)
gives the body without the generic passes. Else the generic body (`generic.generic_body`) is
joined with split containers and headings,
cleaned of boilerplate paragraphs, checked against JSON-LD ``articleBody`` and the article
data in the page's scripts; then headline repeats, bylines and author bios go and the
standfirst is put back in front.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.extract.boilerplate import cleanup_paragraphs
from newscrawl.extract.containers import join_split_body
from newscrawl.extract.embedded import belongs_to_page, embedded_articles
from newscrawl.extract.generic import generic_body
from newscrawl.extract.headings import drop_empty_headings, page_headings, restore_headings
from newscrawl.extract.ldbody import complete_ld_body, ld_body_text
from newscrawl.extract.lead import find_lead
from newscrawl.extract.metadata import as_text
from newscrawl.extract.owndom import decisive_paragraphs
from newscrawl.extract.paragraphs import element_paragraphs
from newscrawl.extract.prune import is_marked, mark_boilerplate, unmark
from newscrawl.extract.scoring import main_block_paragraphs
from newscrawl.extract.text import clean_line, fold, split_paragraphs

if TYPE_CHECKING:
    from collections.abc import Callable

    from lxml.html import HtmlElement

    from newscrawl.extract.ldbody import CompleteBody
    from newscrawl.extract.page import Page


def _is_byline(para: str, names: list[str]) -> bool:
    """Say whether a short paragraph holds nothing but the author names (and joiners)."""
    if len(para) > 120:
        return False
    rest = fold(para)
    for name in sorted(names, key=len, reverse=True):
        rest = rest.replace(name, "")
    if len(rest) == len(fold(para)):
        return False
    return len(rest) <= 6  # "by", "von", "and", "und", "외1명"…


BIO_TAIL = 3
"""Author bios are looked for among this many last paragraphs of the body."""


def _is_author_bio(para: str, full_names: list[str]) -> bool:
    """Say whether `para` is a short note about a credited author.

    The author's full name opens it (within its first 40 characters): "Korrespondent Ulrich
    Exner ist bei WELT für ...",
    "Jane Doe is a senior researcher at ...".
    """
    if len(para) > 400 or len(para) < 20:
        return False
    head = fold(para[:40])
    return any(name in head for name in full_names)


def _filter_by_reference(paras: list[str], reference: str) -> list[str]:
    """Drop paragraphs missing from the publisher's full text (JSON-LD ``articleBody``).

    Applied only when the reference agrees with the extraction (holds at least 80% of its
    text), so a teaser or a different article in ``articleBody`` changes nothing. The first
    paragraph that is not a list item (the standfirst, under a list of teasers or key points
    when there is one) and short ones (subheadings, rarely in ``articleBody``) are kept.
    """
    ref = fold(reference)
    total = sum(len(p) for p in paras)
    if not ref or not total:
        return paras
    found = [fold(p) in ref for p in paras]
    if sum(len(p) for p, ok in zip(paras, found, strict=True) if ok) < 0.8 * total:
        return paras
    lead = next((i for i, p in enumerate(paras) if not p.startswith("- ")), 0)
    return [
        p
        for i, (p, ok) in enumerate(zip(paras, found, strict=True))
        if ok or i == lead or len(p) <= 80
    ]


OWN_SCORING_BELOW = 200
"""A body shorter than this many characters is compared with the page's own DOM scoring."""
EMBEDDED_BELOW = 500
"""A body shorter than this many characters is looked for in the page's scripts too."""


def _much_longer(candidate: str, body: str) -> bool:
    """Say whether `candidate` text is so much longer than `body` that `body` missed the story."""
    return len(candidate) > 1.5 * len(body) + 200


def assemble_body(
    page: Page, title: str | None, description: str | None, authors: list[str] | None = None
) -> str:
    """Return the body text: profile rules, else generic extraction plus the standfirst.

    Paragraphs that only repeat the headline or the byline (the author names) are dropped.
    """
    body = _body(page, title, description)
    if not body:
        return body
    paras = split_paragraphs(body)
    if title:
        folded = fold(title)
        while paras and fold(paras[0]) == folded:
            paras.pop(0)
    if authors:
        names = [fold(a) for a in authors if fold(a)]
        paras = [p for p in paras if not _is_byline(p, names)]
        full_names = [fold(a) for a in authors if len(a.split()) >= 2]
        paras = paras[:-BIO_TAIL] + [
            p for p in paras[-BIO_TAIL:] if not _is_author_bio(p, full_names)
        ]
    if paras and page.sources.get("body") != "profile":
        lead = find_lead(page.doc.tree, paras[0], title, description)
        if lead and fold(lead) not in {fold(p) for p in paras[:3]}:
            lead = _lead_without_boilerplate(page, lead)
        if lead and fold(lead) not in {fold(p) for p in paras[:3]}:
            paras.insert(0, lead)
    return "\n\n".join(paras)


def _lead_without_boilerplate(page: Page, lead: str) -> str:
    """Return the standfirst without the text of the boilerplate blocks inside its element.

    `find_lead` reads the page as it is, where the generic passes read it with boilerplate
    blocks pruned (`prune.mark_boilerplate`): a standfirst's wrapper may hold a picture
    credit or a caption (``<figcaption>``, ``<em class="copyright">``), whose text would
    reach the body through the lead. The element whose text is the lead is looked for among
    the ancestors of the marked blocks; its text without them is returned (empty when
    nothing else is left).
    """
    tree = page.doc.tree
    marked = mark_boilerplate(tree, page.doc.attributed_elements)
    try:
        size = len(lead)
        for block in marked:
            el = block.getparent()
            while el is not None:
                text = clean_line(el.text_content())
                if len(text) > size:
                    break
                if text == lead:
                    return clean_line("".join(_unmarked_text(el)))
                el = el.getparent()
    finally:
        unmark(marked)
    return lead


def _unmarked_text(el: HtmlElement) -> list[str]:
    """Return the text pieces of `el` outside marked boilerplate blocks (their tails kept)."""
    out = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and not is_marked(child):
            out.extend(_unmarked_text(child))
        out.append(child.tail or "")
    return out


def _body(page: Page, title: str | None, description: str | None) -> str:
    if page.layout is not None and "body" in page.layout.selectors:
        hits = [h for h in page.layout.select(page.doc.tree, "body") if hasattr(h, "tag")]
        if hits:
            paras: list[str] = []
            for hit in hits:
                paras.extend(_profile_paragraphs(page, hit))
            layout = page.layout.layout
            paras = cleanup_paragraphs(paras, layout.stop_patterns, layout.drop_patterns)
            if paras:
                page.sources["body"] = "profile"
                return "\n\n".join(paras)
    ld_body = as_text(page.ld("articleBody"))
    ld_text = ld_body_text(ld_body) if ld_body else ""
    if ld_text:
        complete = complete_ld_body(page.doc.tree, ld_text)
        found = _with_lead(page, complete, title, description) if complete else None
        if found is not None:
            # The publisher's whole text, and the page shows it in one container: its
            # paragraphs are the body, without the generic passes (trafilatura, boilerplate
            # marking, the split-body join).
            headings = page_headings(page.doc.tree)
            paras = cleanup_paragraphs(found, title=title, headlines=page.headlines())
            paras = drop_empty_headings(paras, headings)
            if paras:
                page.sources["body"] = "jsonld"
                return "\n\n".join(paras)
    headings = page_headings(page.doc.tree)
    # One container clearly holding the prose is what the generic passes would read.
    decisive = decisive_paragraphs(page.doc.tree)
    if decisive is not None:
        paras = decisive
    else:
        elements = page.doc.attributed_elements
        text = generic_body(page.doc.tree, page.doc.url, elements=elements)
        paras = join_split_body(split_paragraphs(text), page.doc.tree, elements)
        paras = restore_headings(paras, headings)
    paras = cleanup_paragraphs(
        paras, title=title, headlines=page.headlines(), plain_list=_plain_list(page.doc.tree)
    )
    paras = drop_empty_headings(paras, headings)
    body = "\n\n".join(paras)
    if ld_text:
        if _much_longer(ld_text, body):
            # The generic extractor missed most of the text; the publisher's copy is it.
            paras = cleanup_paragraphs(split_paragraphs(ld_text), title=title)
            page.sources["body"] = "jsonld"
            return "\n\n".join(paras)
        paras = _filter_by_reference(paras, ld_text)
        body = "\n\n".join(paras)
    if len(body) < EMBEDDED_BELOW:
        # A page rendered in the browser: the article is data in its scripts. Still the
        # generic layer (the page's own content, read without a profile).
        for embedded in embedded_articles(page.doc.text):
            if _much_longer("\n\n".join(embedded), body) and belongs_to_page(
                embedded, paras, title, description
            ):
                paras = cleanup_paragraphs(embedded, title=title, headlines=page.headlines())
                body = "\n\n".join(paras)
                break
    if len(body) < OWN_SCORING_BELOW:
        # Compare with the page's own DOM scoring: never an empty body when the page has
        # a main block of text (old markup, a wrapper named like boilerplate).
        own = cleanup_paragraphs(
            main_block_paragraphs(page.doc.tree), title=title, headlines=page.headlines()
        )
        if _much_longer("\n\n".join(own), body):
            body = "\n\n".join(own)
    if body:
        page.sources["body"] = "generic"
    return body


PLAIN_LIST_ITEMS = 3
"""A closing list without links is data of the text (ingredients, specifications, requirements)
from this many items on; one or two lines are mostly the sources or a credit."""


LINKED_ITEMS = 4
"""A list counts as links when more than one item in this many holds one (a data list may
link one of its values: ``Kategorie: <a>Erste Versuche</a>``)."""


def _plain_list(tree: HtmlElement) -> Callable[[list[str]], bool]:
    """Return a check that list items are all items of the page's lists without links.

    The page's ``<ul>``/``<ol>`` lists are read only when the check is made (a body ending
    in a list).
    """

    def check(items: list[str]) -> bool:
        plain: set[str] = set()
        linked: set[str] = set()
        for lst in tree.iter("ul", "ol"):
            lis = list(lst.iterchildren("li"))
            with_link = sum(any(a.get("href") for a in li.iter("a")) for li in lis)
            has_link = LINKED_ITEMS * with_link > len(lis)
            for li in lis:
                (linked if has_link else plain).add(fold(li.text_content()))
        folded = [fold(item) for item in items]
        # an item whose text a linked list holds too ("Filter" in a menu) counts when rare
        shared = sum(f in linked for f in folded)
        return (
            len(items) >= PLAIN_LIST_ITEMS
            and all(f in plain for f in folded)
            and LINKED_ITEMS * shared <= len(items)
        )

    return check


def _with_lead(
    page: Page, complete: CompleteBody, title: str | None, description: str | None
) -> list[str] | None:
    """Return the paragraphs of a complete body, the standfirst above it accounted for.

    Nothing between the headline and the body, or all of it in the standfirst `find_lead`
    finds (which `assemble_body` puts in front, as on the generic path): the paragraphs. One
    standfirst block in the article's wrapper (`CompleteBody.standfirst`): it goes first,
    as the generic extraction of that wrapper has it. Anything else: None (the generic
    path decides).
    """
    paras = complete.paragraphs
    if not complete.before:
        return paras
    if not paras:
        return None
    lead = fold(find_lead(page.doc.tree, paras[0], title, description) or "")
    if lead and all(fold(text) in lead for text in complete.before):
        return paras
    if complete.standfirst is not None:
        return [complete.standfirst, *paras]
    return None


def _profile_paragraphs(page: Page, hit: HtmlElement) -> list[str]:
    assert page.layout is not None
    if not page.layout.remove:
        return element_paragraphs(hit)
    removed: set[HtmlElement] = set()
    for xp in page.layout.remove:
        for el in xp(hit):
            if hasattr(el, "tag"):
                removed.add(el)
    return element_paragraphs(hit, removed)
