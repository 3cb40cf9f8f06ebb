"""Write each boilerplate rule's ``seen`` field: the tune hosts whose pages it matches.

Reads the tune part of the three dev sets in ``../shared/data`` (never the check part), takes
every page's paragraphs as `newscrawl.extract.paragraphs.element_paragraphs` gives them, applies
each rule of ``newscrawl/extract/rules/*.yaml`` in the shape its kind has in
`newscrawl.extract.boilerplate` (anchoring and length limit), and rewrites the ``seen`` lines.
Class-name rules (``lead_class``, ``not_lead_class``) are matched against the ``class`` and
``id`` attributes of the pages' elements instead; byline rules against short paragraphs.
A rule seen on one host only is publisher-shaped: move it into that site's profile or drop it.

    python benchmarks/rule_provenance.py [--report]     # --report: print, write nothing
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from newscrawl.eval import host_key, load_cases, read_html, split_of  # noqa: E402
from newscrawl.eval.report import SETS, data_dir  # noqa: E402
from newscrawl.extract import parse_document  # noqa: E402
from newscrawl.extract.paragraphs import element_paragraphs  # noqa: E402
from newscrawl.extract.ruledata import RULES_DIR  # noqa: E402

SHAPES = {
    # kind: (template, longest paragraph it applies to)
    "stop": (r"^(?:{})\s*[:.]?$", 60),
    "drop": (r"^(?:{})", 200),
    "drop_anywhere": (r"(?:{})", 250),
    "caption": (r"(?:{})", 300),
    "notice": (r"(?:{})", 400),
    "lead_class": (r"(?:{})", None),
    "not_lead_class": (r"(?:{})", None),
    "byline_label": (r"^(?:{})\s*[:\-]?\s+", 120),
    "name_joiner": (r"\b(?:{})\b", 120),
    "author_role": (r"\b(?:{})\b", 120),
    "author_role_suffix": (r"(?:{})(?:\s.*)?$", 120),
    "other_credit": (r"^(?:{})", 120),
    "source_label": (r"^(?:{})\s*:", 120),
    "not_a_name": (r"^(?:{})$", 60),
    "stamp_word": (r"\b(?:{})\b", 120),
    "date_label": (r"(?:^|[\s|,(])(?:{})\s*:?\s+\S*\d", 120),
}
"""Kind -> (template, longest paragraph it applies to; None: applies to class and id values)."""
EXAMPLES = 3


def tune_pages() -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """Return the paragraphs and the class/id values of every tune page, by host."""
    paragraphs: dict[str, list[str]] = defaultdict(list)
    attributes: dict[str, set[str]] = defaultdict(set)
    seen: set[str] = set()
    for name in SETS:
        path = data_dir() / name / "cases.jsonl"
        for case in load_cases(path):
            if split_of(case) != "tune" or case["html"] in seen:
                continue
            seen.add(case["html"])
            doc = parse_document(read_html(case, path.parent), case.get("url") or "http://x/")
            body = doc.tree.find("body")
            if body is not None:
                paragraphs[host_key(case)].extend(element_paragraphs(body))
                attributes[host_key(case)].update(
                    f"{el.get('class', '')} {el.get('id', '')}"
                    for el in body.iter()
                    if el.get("class") or el.get("id")
                )
    return paragraphs, attributes


def matches(rx: re.Pattern[str], texts: Iterable[str], limit: int | None) -> bool:
    """Say whether `rx` finds one of `texts` (paragraphs up to `limit`, or attribute values)."""
    return any((limit is None or len(t) <= limit) and rx.search(t) for t in texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="print only")
    args = parser.parse_args()
    paragraphs, attributes = tune_pages()
    for path in sorted(RULES_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        for rule in data["rules"]:
            template, limit = SHAPES[rule["kind"]]
            rx = re.compile(template.format(rule["pattern"]), re.IGNORECASE)
            pages = paragraphs if limit is not None else attributes
            hosts = sorted(h for h, texts in pages.items() if matches(rx, texts, limit))
            shown = ", ".join(hosts[:EXAMPLES]) + (", …" if len(hosts) > EXAMPLES else "")
            rule["seen"] = f"{len(hosts)} tune hosts" + (f": {shown}" if hosts else "")
            if args.report:
                kind, pattern = rule["kind"], rule["pattern"]
                print(f"{len(hosts):4d}  {path.stem:3s} {kind:13s} {pattern}  ({shown})")
        if not args.report:
            head = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
            body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)
            path.write_text(head + body, encoding="utf-8")


if __name__ == "__main__":
    main()
