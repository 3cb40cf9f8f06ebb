"""`newscrawl import` on a large generated WARC beside a naive warcio + trafilatura loop.

Generates, deterministically, a CC-NEWS-like WARC file: several demo news sites (distinct
seeds and hosts), each fetch a ``request`` and a ``response`` record (gzip member each), the
responses a mix of article pages (~60 %), non-articles (home, listing pages, sitemaps, feeds:
~25 %) and duplicates (tracking-parameter and print variants of articles: ~15 %). Then runs,
on the same file, in the same invocation:

  A  ``newscrawl import FILE --out … --state-dir …`` (the page analysis in its worker pool,
     one worker per core; clean, dedup, run state, manifest);
  B  a naive loop: ``warcio.ArchiveIterator`` over the file and, for every HTML 200 response,
     ``trafilatura.extract(html, url=…, with_metadata=True, output_format="json")``, one JSONL
     line per result.

For each: WARC records per second (all records of the file / wall seconds, process start to
end), articles written, peak RSS and PSS summed over the process tree (psutil, sampled every
0.25 s). ``--sizes`` runs A (and B) at several sizes, to show whether A's memory is flat in the
file's size.

The distinct articles of a file are the stories it holds a page of (an article and its
syndicated copy are one story); of these, some are in the file only as a print or tracking
variant (the cut at the file's size fell before their own page): "variant only" in the table.
A exports those whose variant is classified as an article: a tracking variant is the page
itself, a print page may be classified either way.

    .venv/bin/python benchmarks/import_warc.py                       # 20,000 responses
    .venv/bin/python benchmarks/import_warc.py --sizes 5000,20000 --markdown out.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from measuring import MemorySampler, children_cpu

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261206
ARTICLES_PER_SITE = 2000

NAIVE = r"""
import json, sys
import trafilatura
from warcio.archiveiterator import ArchiveIterator

out = open(sys.argv[2], "w", encoding="utf-8")
with open(sys.argv[1], "rb") as f:
    for record in ArchiveIterator(f):
        if record.rec_type != "response" or record.http_headers is None:
            continue
        if record.http_headers.get_statuscode() != "200":
            continue
        if "html" not in (record.http_headers.get_header("Content-Type") or ""):
            continue
        url = record.rec_headers.get_header("WARC-Target-URI")
        html = record.content_stream().read()
        result = trafilatura.extract(html, url=url, with_metadata=True, output_format="json")
        if result:
            out.write(result.replace("\n", " ") + "\n")
out.close()
"""


def generate(path: Path, n_responses: int) -> dict[str, int]:
    """Write the CC-NEWS-like WARC file of `n_responses` fetches; return its mix."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from newscrawl.demo.site import Site
    from newscrawl.discovery.urls import canonicalize_url

    mix = {"article": 0, "other": 0, "duplicate": 0, "records": 1}
    distinct: set[tuple[int, int]] = set()
    own_page: set[tuple[int, int]] = set()  # stories whose own page (not a variant) is archived
    date = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    with path.open("wb") as file:
        writer = WARCWriter(file, gzip=True, warc_version="1.1")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "bench"}))
        k = 0
        while sum(mix[x] for x in ("article", "other", "duplicate")) < n_responses:
            base = f"http://news{k}.example/"
            site = Site(
                theme=("sahifa", "modern")[k % 2],
                n_articles=ARTICLES_PER_SITE,
                seed=SEED + k,
                page_kb=30,
                sitemap_size=2000,
            )
            group = {
                canonicalize_url(url): i
                for i, article in enumerate(site.articles)
                for url in article.urls(base)
            }
            articles = site.article_paths()
            others = [*site.non_article_paths(), *site.sitemap_paths(), *site.feed_paths()]
            dups = site.variant_paths()
            n_other = len(articles) * 25 // 60
            n_dup = len(articles) * 15 // 60
            chosen = (
                [(p, "article") for p in articles]
                + [(p, "other") for p in others[:n_other]]
                + [(p, "duplicate") for p in dups[:n_dup]]
            )
            # interleave deterministically, as a crawl's fetch order would
            chosen.sort(key=lambda item: zlib.crc32(f"{SEED}{item[0]}".encode()))
            for rel, kind in chosen:
                if sum(mix[x] for x in ("article", "other", "duplicate")) >= n_responses:
                    break
                page = site.get(rel, base_url=base)
                if page is None or page.status != 200:
                    continue
                url = base.rstrip("/") + rel
                date += dt.timedelta(seconds=1)
                stamp = date.strftime("%Y-%m-%dT%H:%M:%SZ")
                request = writer.create_warc_record(
                    url,
                    "request",
                    payload=io.BytesIO(b""),
                    http_headers=StatusAndHeaders(
                        f"GET {rel} HTTP/1.1",
                        [("Host", f"news{k}.example"), ("User-Agent", "bench")],
                        is_http_request=True,
                    ),
                    warc_headers_dict={"WARC-Date": stamp},
                )
                response = writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(page.body),
                    http_headers=StatusAndHeaders(
                        "200 OK",
                        [
                            ("Content-Type", page.content_type),
                            ("Content-Length", str(len(page.body))),
                        ],
                        protocol="HTTP/1.1",
                    ),
                    warc_headers_dict={"WARC-Date": stamp},
                )
                writer.write_record(request)
                writer.write_record(response)
                mix[kind] += 1
                mix["records"] += 2
                if canonicalize_url(url) in group:
                    distinct.add((k, group[canonicalize_url(url)]))
                    if kind == "article":
                        own_page.add((k, group[canonicalize_url(url)]))
            k += 1
    mix["distinct"] = len(distinct)
    mix["variant_only"] = len(distinct - own_page)
    return mix


def measure(command: list[str], log: Path) -> tuple[float, int, int, int, float]:
    """Run `command`; return (wall seconds, peak RSS, peak PSS, exit code, CPU seconds).

    CPU is the larger of what the waited-for process tree used (getrusage) and the sum of the
    last samples of each of its processes; unlike records/s, it does not depend on what else
    the machine runs.
    """
    cpu0 = children_cpu()
    start = time.perf_counter()
    with log.open("w") as err:
        proc = subprocess.Popen(command, stdout=err, stderr=subprocess.STDOUT, cwd=ROOT)
        sampler = MemorySampler(proc.pid)
        sampler.start()
        code = proc.wait()
        sampler.stop()
    cpu = max(children_cpu() - cpu0, sum(sampler.cpu.values()))
    return time.perf_counter() - start, sampler.peak_rss, sampler.peak_pss, code, cpu


def run_a(warc: Path, work: Path) -> dict[str, float]:
    out, state = work / "out", work / "state"
    wall, rss, pss, code, cpu = measure(
        [sys.executable, "-m", "newscrawl", "import", str(warc), "--out", str(out),
         "--state-dir", str(state), "--run-id", "bench", "-s", "LOG_LEVEL=INFO"],
        work / "a.log",
    )  # fmt: skip
    if code != 0:
        raise SystemExit(f"A failed ({code}): {(work / 'a.log').read_text()[-2000:]}")
    lines = sum(1 for _ in (out / "import" / "bench.jsonl").open())
    return {"wall": wall, "rss": rss, "pss": pss, "articles": lines, "cpu": cpu}


def run_b(warc: Path, work: Path) -> dict[str, float]:
    out = work / "naive.jsonl"
    wall, rss, pss, code, cpu = measure(
        [sys.executable, "-c", NAIVE, str(warc), str(out)], work / "b.log"
    )
    if code != 0:
        raise SystemExit(f"B failed ({code}): {(work / 'b.log').read_text()[-2000:]}")
    lines = sum(1 for _ in out.open())
    return {"wall": wall, "rss": rss, "pss": pss, "articles": lines, "cpu": cpu}


def machine() -> str:
    import psutil

    return (
        f"{os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
        f"{psutil.virtual_memory().total / 2**30:.1f} GiB, Python {platform.python_version()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="10000", help="responses (WARC records: twice as many), comma-separated"
    )
    parser.add_argument("--naive-sizes", default=None, help="sizes B runs at (default: all)")
    parser.add_argument("--markdown", type=Path, help="also write the table here")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    naive_sizes = {int(s) for s in (args.naive_sizes or args.sizes).split(",")}
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        for size in sizes:
            work = Path(tmp) / str(size)
            work.mkdir()
            warc = work / "bench.warc.gz"
            t0 = time.perf_counter()
            mix = generate(warc, size)
            print(
                f"{size}: generated {mix['records']} records ({mix['article']} articles, "
                f"{mix['other']} others, {mix['duplicate']} duplicates), "
                f"{warc.stat().st_size / 2**20:.0f} MiB in {time.perf_counter() - t0:.0f} s",
                flush=True,
            )
            results = {"A": run_a(warc, work)}
            if size in naive_sizes:
                results["B"] = run_b(warc, work)
            for kind, res in results.items():
                row = {
                    "size": size,
                    "records": mix["records"],
                    "run": kind,
                    "records_s": mix["records"] / res["wall"],
                    "wall": res["wall"],
                    "cpu_ms": 1000 * res["cpu"] / mix["records"],
                    "articles": res["articles"],
                    "rss_mb": res["rss"] / 2**20,
                    "pss_mb": res["pss"] / 2**20,
                    "true_articles": mix["distinct"],
                    "variant_only": mix["variant_only"],
                }
                rows.append(row)
                print(json.dumps(row), flush=True)
    table = [
        "| responses | WARC records | run | records/s | wall s | CPU ms/record (all procs) | "
        "articles out (of distinct articles; variant only) | peak RSS MB (all procs) | "
        "peak PSS MB |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    names = {"A": "A `newscrawl import`", "B": "B warcio + trafilatura.extract"}
    for row in rows:
        table.append(
            f"| {row['size']} | {row['records']} | {names[str(row['run'])]} | "
            f"{row['records_s']:.0f} | {row['wall']:.1f} | {row['cpu_ms']:.1f} | "
            f"{row['articles']} ({row['true_articles']}; {row['variant_only']}) | "
            f"{row['rss_mb']:.0f} | {row['pss_mb']:.0f} |"
        )
    text = "\n".join(table)
    header = (
        f"`benchmarks/import_warc.py --sizes {args.sizes}`, "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {machine()}, "
        f"load average {os.getloadavg()[0]:.1f} at the end\n\n"
    )
    print(header + text)
    if args.markdown:
        args.markdown.write_text(header + text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
