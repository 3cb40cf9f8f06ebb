"""``newscrawl schema [--table]``: print the JSON Schema of one article line, or its table."""

from __future__ import annotations

import json

from newscrawl.console.errors import OneLineArgumentParser
from newscrawl.console.schema import article_schema, field_table


def main(argv: list[str]) -> int:
    """Print the article JSON Schema (``--table``: the README's Markdown field table)."""
    parser = OneLineArgumentParser(prog="newscrawl schema", description=__doc__)
    parser.add_argument("--table", action="store_true", help="the Markdown field table")
    args = parser.parse_args(argv)
    if args.table:
        print(field_table())
    else:
        print(json.dumps(article_schema(), indent=2, ensure_ascii=False))
    return 0
