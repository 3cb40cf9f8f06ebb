"""newscrawl's own signals (sent with ``crawler.signals.send_catch_log``).

``listing_analysed(url: str, new_articles: int)``
    The spider analysed a page that is not an article (a listing, a date archive, another
    page) and followed its links, or read a feed; `new_articles` article URLs among them
    had not been met before in this run nor exported by an earlier one. The incremental
    middleware remembers past date archives that gave nothing, so that later runs do not
    fetch them again, and what each URL family gave, so that later runs only probe a
    family that gave nothing.
"""

from __future__ import annotations

listing_analysed = object()
