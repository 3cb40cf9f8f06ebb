"""Allow ``python -m newscrawl``."""

from __future__ import annotations

import sys

from newscrawl.cli import main

sys.exit(main())
