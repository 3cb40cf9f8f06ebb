"""Dates after a visible label: ``<strong>Datum</strong> 28.04.2023``, ``Erstellt am: 01.11.2023``.

The labels are rule data (``rules/<language>.yaml``, kind ``date_label``): words that say
"published" or "date" in a language. They are read only on pages whose markup gave no date.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extract.dates import parse_human
from newscrawl.extract.page import LABEL_XPATH, label_value
from newscrawl.extract.ruledata import alternation
from newscrawl.extract.text import clean_line

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from newscrawl.extract.dates import ParsedDate

_LABEL = alternation("date_label")
_LABEL_ONLY_RE = re.compile(rf"^(?:{_LABEL})\s*:?$", re.IGNORECASE)
PRINTED_DATE = (
    r"\d{1,2}\.\s?\d{1,2}\.\s?\d{4}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}|"
    r"\d{1,2}\.?\s+[^\W\d_]{3,10}\.?,?\s+\d{4}|[^\W\d_]{3,10}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
)
"""A date as pages print it: ``18.10.2021``, ``2021-10-18``, ``18. Oktober 2021``,
``October 18, 2021``."""
_LABELLED_TEXT_RE = re.compile(
    rf"(?:^|[\s|,(])(?:{_LABEL})\s*:?\s+(?:[^\W\d_]{{2,12}},?\s+)?({PRINTED_DATE})",
    re.IGNORECASE,
)
"""A label, perhaps a weekday, then the date (``Veröffentlicht am Samstag, 3. Dezember 2011``)."""
_TEXT_XPATH = etree.XPath(
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::aside or ancestor::footer[not(ancestor::article)] or ancestor::nav)]"
)


def labelled_date(tree: HtmlElement) -> ParsedDate | None:
    """Return the date after a visible label, if the page prints one.

    A bold label or a ``<dt>``/``<th>`` cell with the date after it first; else the first
    label followed by a date in the page's text (``Datum: 18.10.2021``, the label and the
    date in one element or two). Asides, menus and footers are not read (an article's own
    footer is).
    """
    for label in LABEL_XPATH(tree):
        if not _LABEL_ONLY_RE.match(clean_line(label.text_content())):
            continue
        text = clean_line(label_value(label))
        if not 4 <= len(text) <= 60 or label.xpath(
            "ancestor::aside or ancestor::footer[not(ancestor::article)] or ancestor::nav"
        ):
            continue
        parsed = parse_human(text)
        if parsed:
            return parsed
    text = " ".join(" ".join(t.split()) for t in _TEXT_XPATH(tree) if t.strip())[:200_000]
    for m in _LABELLED_TEXT_RE.finditer(text):
        parsed = parse_human(m.group(1))
        if parsed:
            return parsed
    return None
