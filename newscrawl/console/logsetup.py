"""Quiet console, complete log file: where a crawl's log lines go.

On a terminal, unless a log level or file was asked for (``-L``, ``--log-level``, ``-v``,
``--logfile``, ``-s LOG_LEVEL=…``), the console shows only the live progress, a closing summary,
errors and the notice that a Ctrl-C is stopping the crawl; the full Scrapy log (at
``LOG_LEVEL``, INFO by default) goes to ``<run-id>.log`` beside the run's output. Elsewhere
(cron, a pipe, a test) the log goes to stderr as usual.

`use_quiet_console` is called by the crawl commands before the `CrawlerProcess` exists, so that
even Scrapy's first lines (its version, the overridden settings) reach the file and not the
terminal: it turns Scrapy's own root handler off (``LOG_ENABLED = False``) and installs two
handlers of its own, `RunLogHandler` (buffered until `newscrawl.console.progress` names the
file) and a console handler on stderr (errors, and the notice that Ctrl-C is stopping the
crawl).

Settings: NEWSCRAWL_CONSOLE_QUIET ("auto", True, False).
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, TextIO

from scrapy.settings import SETTINGS_PRIORITIES

from newscrawl.console.errors import check_log_level
from newscrawl.console.screen import print_above

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy.settings import BaseSettings

_CMDLINE = SETTINGS_PRIORITIES["cmdline"]


class RunLogHandler(logging.Handler):
    """Write log records to the runs' log files; buffer them until the first file is named.

    A process may run several crawls (``newscrawl crawl a b``): each names its file with
    `attach`, and every file gets the whole process's log from its start.
    """

    def __init__(self, level: int, fmt: str, datefmt: str) -> None:
        super().__init__(level)
        self.setFormatter(logging.Formatter(fmt=fmt, datefmt=datefmt))
        self._buffer: list[logging.LogRecord] = []
        self._files: dict[str, TextIO] = {}

    def attach(self, path: Path) -> None:
        """Start writing to `path` (the records so far first)."""
        key = str(path)
        if key in self._files:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        stream = path.open("a", encoding="utf-8")
        for record in self._buffer:
            stream.write(self.format(record) + "\n")
        stream.flush()
        self._files[key] = stream

    @property
    def paths(self) -> list[str]:
        """The log files written."""
        return list(self._files)

    def emit(self, record: logging.LogRecord) -> None:
        """Buffer `record` and write it to every attached file."""
        try:
            if len(self._buffer) < 10_000:
                self._buffer.append(record)
            if self._files:
                line = self.format(record) + "\n"
                for stream in self._files.values():
                    stream.write(line)
                    stream.flush()
        except Exception:
            self.handleError(record)

    def close(self) -> None:
        """Close the files."""
        for stream in self._files.values():
            stream.close()
        self._files.clear()
        self._buffer.clear()
        super().close()


def _is_shutdown_notice(record: logging.LogRecord) -> bool:
    """Say whether `record` is Scrapy's answer to Ctrl-C or SIGTERM ("Received SIGINT, …")."""
    return record.name == "scrapy.crawler" and str(record.msg).startswith("Received ")


class _ConsoleHandler(logging.Handler):
    """What the quiet console shows of the log, one line each (the log file has the rest).

    ERROR and CRITICAL records, and Scrapy's notice that a Ctrl-C (or SIGTERM) is stopping
    the crawl, so that the person who pressed it sees it taken at once. Printed above the
    live display when there is one. Spidermon's failure banner is left to the log: the
    command's own ``run failed: <why>`` line says it.
    """

    def __init__(self) -> None:
        super().__init__(logging.INFO)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            notice = _is_shutdown_notice(record)
            if record.levelno < logging.ERROR and not notice:
                return
            lines = [line for line in record.getMessage().splitlines() if line.strip()]
            if not lines or lines[0].startswith("[Spidermon]"):
                return
            text = lines[0].strip()
            print_above((text if notice else f"{record.levelname.lower()}: {text}")[:300])
        except Exception:
            self.handleError(record)


_run_log: RunLogHandler | None = None


def run_log() -> RunLogHandler | None:
    """Return the run log handler when the console is quiet, else None."""
    return _run_log


def explicit_log_request(settings: BaseSettings) -> bool:
    """Return True when the command line asked for a log level or a log file."""
    return (settings.getpriority("LOG_LEVEL") or 0) >= _CMDLINE or bool(settings.get("LOG_FILE"))


def want_quiet(settings: BaseSettings, *, stream: TextIO | None = None) -> bool:
    """Return True when the console should be quiet (see the module docstring)."""
    mode = str(settings.get("NEWSCRAWL_CONSOLE_QUIET", "auto")).lower()
    if mode in ("true", "1", "yes"):
        return True
    if mode in ("false", "0", "no") or not settings.getbool("LOG_ENABLED"):
        return False
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)()) and not explicit_log_request(settings)


def check_settings_log_level(settings: BaseSettings) -> None:
    """Raise `ArgumentError` when ``LOG_LEVEL`` is not a log level (``-L LOUD``)."""
    value = settings.get("LOG_LEVEL")
    if isinstance(value, int):
        return
    check_log_level(
        str(value), "-L" if settings.getpriority("LOG_LEVEL") == _CMDLINE else "LOG_LEVEL"
    )


def use_quiet_console(settings: BaseSettings) -> None:
    """Send the log to the run's log file and only errors to stderr (see the module doc)."""
    global _run_log
    level = check_log_level(str(settings.get("LOG_LEVEL")), "LOG_LEVEL")
    settings.set("LOG_ENABLED", False, priority="cmdline")
    settings.set("NEWSCRAWL_CONSOLE_QUIET", True, priority="cmdline")
    if _run_log is None:
        _run_log = RunLogHandler(
            logging.getLevelNamesMapping()[level],
            settings.get("LOG_FORMAT"),
            settings.get("LOG_DATEFORMAT"),
        )
        logging.root.addHandler(_run_log)
        logging.root.addHandler(_ConsoleHandler())
        logging.root.setLevel(logging.NOTSET)
