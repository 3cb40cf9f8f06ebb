"""The archive layer: every fetch to WARC, archived pages re-extracted, any WARC as a source.

- `newscrawl.archive.files`: the run's WARC files (parts, rotation, recovery after a kill);
- `newscrawl.archive.middleware`: the downloader middleware that archives each fetch, and the
  spider middleware that gives each article its ``warc`` pointer;
- `newscrawl.archive.reader`: streamed, fault-tolerant reading of any WARC file;
- `newscrawl.archive.download`: remote WARC files, downloads resumed after a dropped connection;
- `newscrawl.archive.source`: the ``archive`` spider behind ``newscrawl reextract`` and
  ``newscrawl import``.
"""

from __future__ import annotations

from newscrawl.archive.files import RecordPointer, RunWarcWriter, recover_parts

__all__ = ["RecordPointer", "RunWarcWriter", "recover_parts"]
