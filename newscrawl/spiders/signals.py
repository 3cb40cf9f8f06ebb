"""newscrawl's own signals (sent with ``crawler.signals.send_catch_log``).

``listing_analysed(url: str, new_articles: int)``
    The spider analysed a page that is not an article (a listing, a date archive, another
    page) and followed its links; `new_articles` article URLs among them had not been
    requested before in this run. The incremental middleware remembers past date archives
    that gave nothing, so that later runs do not fetch them again.
"""

from __future__ import annotations

listing_analysed = object()
