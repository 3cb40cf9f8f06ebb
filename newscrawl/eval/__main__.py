"""``python -m newscrawl.eval``."""

from newscrawl.eval import main

main()
