"""newscrawl's settings plus the kill points of the crash tests (`killpoints`)."""

from newscrawl.settings import *  # noqa: F403
from newscrawl.settings import EXTENSIONS

EXTENSIONS = {**EXTENSIONS, "killpoints.KillPoints": 505}
"""Before the run-state extension (510): its handlers run first."""
