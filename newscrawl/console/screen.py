"""The terminal's screen: the process's one live display, and lines printed above it."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from scrapy.utils.asyncio import create_looping_call

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console, RenderableType
    from rich.live import Live


class LiveBoard:
    """The one rich live display of the process, with a panel per running crawl.

    ``newscrawl crawl a b`` runs several crawls in one process; rich allows one live display.
    """

    def __init__(self) -> None:
        self.views: dict[int, Callable[[], RenderableType]] = {}
        self.console: Console | None = None
        self._live: Live | None = None
        self._task: Any = None

    def add(self, key: int, view: Callable[[], RenderableType]) -> None:
        from rich.console import Console
        from rich.live import Live

        self.views[key] = view
        if self._live is None:
            self.console = self.console or Console(file=sys.stderr, stderr=True)
            self._live = Live(
                self._render(),
                console=self.console,
                auto_refresh=False,
                transient=True,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._live.start()
            self._task = create_looping_call(self.refresh)
            self._task.start(0.25, now=False)

    def _render(self) -> RenderableType:
        from rich.console import Group

        return Group(*(view() for view in self.views.values()))

    def refresh(self) -> None:
        if self._live is not None:
            self._live.update(self._render(), refresh=True)

    def remove(self, key: int) -> None:
        self.views.pop(key, None)
        if self.views:
            self.refresh()
            return
        if self._task is not None and self._task.running:
            self._task.stop()
        self._task = None
        if self._live is not None:
            self._live.stop()
            self._live = None


BOARD = LiveBoard()
"""The process's one live display."""


def print_above(text: str) -> None:
    """Print one line on stderr, above the live display when there is one."""
    from rich.console import Console
    from rich.text import Text

    console = BOARD.console or Console(file=sys.stderr, stderr=True)
    console.print(Text(text, style="red"))
