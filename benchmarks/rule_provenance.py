"""Write each boilerplate rule's ``seen`` field: the tune hosts whose pages it matches.

Reads the tune part of the three dev sets in ``../shared/data`` (never the check part), takes
every page's paragraphs as `newscrawl.extract.paragraphs.element_paragraphs` gives them, applies
each rule of ``newscrawl/extract/rules/*.yaml`` in the shape its kind has in
`newscrawl.extract.boilerplate` (anchoring and length limit), and rewrites the ``seen`` lines.
A rule seen on one host only is publisher-shaped: move it into that site's profile or drop it.

    python benchmarks/rule_provenance.py [--report]     # --report: print, write nothing
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

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
}
EXAMPLES = 3


def tune_pages() -> dict[str, list[str]]:
    """Return the paragraphs of every tune page, by host."""
    out: dict[str, list[str]] = defaultdict(list)
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
                out[host_key(case)].extend(element_paragraphs(body))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="print only")
    args = parser.parse_args()
    pages = tune_pages()
    for path in sorted(RULES_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        for rule in data["rules"]:
            template, limit = SHAPES[rule["kind"]]
            rx = re.compile(template.format(rule["pattern"]), re.IGNORECASE)
            hosts = sorted(
                h
                for h, paras in pages.items()
                if any(len(p) <= limit and rx.search(p) for p in paras)
            )
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
