"""Open the run state of a site: SQLite under a directory, or Redis."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from newscrawl.exceptions import StateError

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from newscrawl.run.state.base import RunState


def open_state(source: BaseSettings | str | Path, site: str) -> RunState:
    """Open the run state of `site`.

    `source` is crawler settings (``NEWSCRAWL_REDIS_URL`` selects Redis, otherwise SQLite under
    ``NEWSCRAWL_STATE_DIR``), a ``redis://`` URL, or a state directory.
    """
    if isinstance(source, (str, Path)):
        target = str(source)
    else:
        target = source.get("NEWSCRAWL_REDIS_URL") or source.get("NEWSCRAWL_STATE_DIR")
    if not target:
        raise StateError("no state location: set NEWSCRAWL_STATE_DIR or NEWSCRAWL_REDIS_URL")
    # Each back-end is imported when it is used: a crawl without Redis never loads its client.
    if target.startswith(("redis://", "rediss://", "unix://")):
        from newscrawl.run.state.redis import RedisRunState

        return RedisRunState(target, site)
    from newscrawl.run.state.sqlite import SqliteRunState

    return SqliteRunState(Path(target), site)
