"""Throughput, CPU and memory: the `news` spider against a naive baseline and a bare fetcher.

Generates, deterministically, a local WordPress-like news site of N article pages (default
3,000, padded to about 60 KB each, with a sitemap; `newscrawl.demo.site.Site`), writes
it to disk and serves it with nginx on 127.0.0.1, then measures, in alternating order:

  A  ``scrapy crawl news -a url=…`` as a user runs it: the project's settings and pipelines,
     discovery from the home page with link following on (listing pages walked), throttling
     off, a ``JOBDIR`` disk queue;
  N  the same with link following off (``NEWSCRAWL_DISCOVERY_FOLLOW_LINKS=False``): it
     discovers the articles the way B does, through robots.txt, the sitemaps and the feed;
  B  a naive baseline: SitemapSpider + ``trafilatura.extract(with_metadata=True)`` per page,
     JSONL feed;
  C  a bare SitemapSpider that fetches the same article pages and does nothing with them
     (the fetch-only floor).

All use the same concurrency (``--concurrency``), robots.txt obeyed. For each run it reports
pages/s (responses received per second of crawl time), article pages/s (articles exported per
second for A, N and B, article pages fetched per second for C), CPU ms per article (user +
system CPU of every process of the run, pool workers included, divided by the articles), peak
RSS and PSS summed over the process tree (sampled with psutil), the cores other processes kept
busy meanwhile (system-wide busy CPU minus the run's own), and the ratios the targets are
stated in (A and N against B and C); with the machine's load average and CPU count.

Needs nginx (Debian: ``apt-get install -y nginx-light``). Usage:

    .venv/bin/python benchmarks/throughput.py                    # 3,000 pages, A N B C twice
    .venv/bin/python benchmarks/throughput.py --pages 50000 --only A --rounds 1
    .venv/bin/python benchmarks/throughput.py --markdown benchmarks/results/throughput.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from localsite import Nginx, free_port, write_site
from measuring import MemorySampler, busy_cpu, children_cpu, cpu_by_role

ROOT = Path(__file__).resolve().parents[1]
CRAWLS = ("A", "N")
"""The runs of the `news` spider: link following on (A, as users run it) and off (N)."""


# ---------------------------------------------------------------------------- baselines


def run_baseline(kind: str, base: str, out: str, concurrency: int) -> None:
    """Run spider B (trafilatura) or C (fetch only) in this process (a benchmark subprocess)."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    class NaiveSpider(scrapy.spiders.SitemapSpider):
        name = "naive"
        sitemap_urls = (base + "robots.txt",)

        def parse(self, response):  # type: ignore[no-untyped-def]
            import trafilatura

            result = trafilatura.extract(
                response.text, url=response.url, with_metadata=True, output_format="json"
            )
            if result:
                yield json.loads(result)

    class FetchSpider(scrapy.spiders.SitemapSpider):
        name = "fetch"
        sitemap_urls = (base + "robots.txt",)

        def parse(self, response):  # type: ignore[no-untyped-def]
            return None

    settings = {
        "ROBOTSTXT_OBEY": True,
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "INFO",
        "FEED_EXPORT_ENCODING": "utf-8",
    }
    if kind == "B":
        settings["FEEDS"] = {out: {"format": "jsonlines", "overwrite": True}}
    process = CrawlerProcess(settings)
    process.crawl(NaiveSpider if kind == "B" else FetchSpider)
    process.start()


def _stat(log: str, key: str) -> float:
    block = log.rsplit("Dumping Scrapy stats:", 1)[-1]
    match = re.search(rf"'{re.escape(key)}': ([0-9.]+)", block)
    return float(match.group(1)) if match else 0.0


def run_one(kind: str, base: str, work: Path, args: argparse.Namespace) -> dict[str, object]:
    run_dir = Path(tempfile.mkdtemp(prefix=f"run-{kind}-", dir=work))
    out = run_dir / "out.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    common = [
        "-s", f"CONCURRENT_REQUESTS={args.concurrency}",
        "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={args.concurrency}",
        "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "DOWNLOAD_DELAY=0",
        "-s", "LOG_LEVEL=INFO",
    ]  # fmt: skip
    if kind in CRAWLS:
        cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={base}", *common]
        if not args.no_jobdir:
            cmd += ["-s", f"JOBDIR={run_dir / 'job'}"]
        if kind == "N":
            cmd += ["-s", "NEWSCRAWL_DISCOVERY_FOLLOW_LINKS=False"]
        for setting in args.setting:
            cmd += ["-s", setting]
        cmd += ["-O", str(out)]
        env["SCRAPY_SETTINGS_MODULE"] = "newscrawl.settings"
    else:
        cmd = [sys.executable, __file__, "--spider", kind, "--base", base, "--out", str(out)]
        cmd += ["--concurrency", str(args.concurrency)]
        env.pop("SCRAPY_SETTINGS_MODULE", None)
    log_path = run_dir / "crawl.log"
    started = time.time()
    cpu_before = children_cpu()
    busy_before = busy_cpu()
    load_before = os.getloadavg()[0]
    with log_path.open("w") as log_file:
        proc = subprocess.Popen(cmd, cwd=run_dir, env=env, stderr=log_file, stdout=log_file)
        sampler = MemorySampler(proc.pid)
        sampler.start()
        proc.wait()
        sampler.stop()
    wall = time.time() - started
    busy = busy_cpu() - busy_before
    # The crawl process (waited for here) with every descendant it waited for, or, for pool
    # workers forked by a fork server that nobody waits for, their last sampled CPU time.
    waited = children_cpu() - cpu_before
    cpu = max(waited, sum(sampler.cpu.values()))
    log = log_path.read_text(errors="replace")
    if proc.returncode != 0:
        print(log[-3000:], file=sys.stderr)
        raise SystemExit(f"run {kind} failed with exit code {proc.returncode}")
    elapsed = _stat(log, "elapsed_time_seconds") or wall
    responses = int(_stat(log, "response_received_count"))
    items = int(_stat(log, "item_scraped_count"))
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    if kind == "C":
        # article pages fetched (sitemap entries): all responses but robots.txt and sitemaps
        articles = responses - 1 - len(list(Path(args.site_root).glob("*.xml")))
    else:
        articles = items
    result = {
        "kind": kind,
        "elapsed": elapsed,
        "wall": wall,
        "responses": responses,
        "articles": articles,
        "pages_per_s": responses / elapsed if elapsed else 0.0,
        "articles_per_s": articles / elapsed if elapsed else 0.0,
        "cpu_s": cpu,
        "cpu_ms_per_article": 1000 * cpu / articles if articles else 0.0,
        "peak_rss_mb": sampler.peak_rss / 2**20,
        "peak_pss_mb": sampler.peak_pss / 2**20,
        "peak_main_rss_mb": sampler.peak_main_rss / 2**20,
        "main_cpu_ms_per_article": 1000 * sampler.cpu.get(proc.pid, 0.0) / articles
        if articles
        else 0.0,
        "cpu_ms_per_article_by_role": {
            role: 1000 * seconds / articles if articles else 0.0
            for role, seconds in cpu_by_role(sampler).items()
        },
        "others_cores": max(0.0, busy - cpu) / wall if wall else 0.0,
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
        "lines": lines if kind in CRAWLS else None,
        "stats_failed": int(_stat(log, "newscrawl/pool/failed")),
        "log": str(log_path),
    }
    if args.trace_memory:
        trace = run_dir / "memory.tsv"
        trace.write_text("".join(f"{t:.1f}\t{r}\t{p}\n" for t, r, p in sampler.samples))
        result["memory_trace"] = str(trace)
    if not args.keep:
        out.unlink(missing_ok=True)
    return result


def check_articles(site: object, base: str, lines: list[str]) -> tuple[int, int, int]:
    """Return (expected articles exported, expected, exported lines)."""
    exported = {json.loads(line)["canonical_url"] for line in lines}
    found = 0
    for article in site.articles:  # type: ignore[attr-defined]
        if article.urls(base) & exported:
            found += 1
    return found, len(site.articles), len(lines)  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------- report


def machine() -> str:
    import psutil

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = psutil.virtual_memory().total / 2**30
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def report(
    results: dict[str, list[dict[str, object]]],
    args: argparse.Namespace,
    exported: dict[str, tuple[int, int, int]],
) -> str:
    def med(kind: str, key: str) -> float:
        return statistics.median(float(r[key]) for r in results[kind])  # type: ignore[arg-type]

    def top(kind: str, key: str) -> float:
        return max(float(r[key]) for r in results[kind])  # type: ignore[arg-type]

    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    rows = [
        "| run | pages/s | article pages/s | crawl s | responses | articles | CPU ms/article "
        "(all procs) | of which crawl process | peak PSS MB (all procs) | peak RSS MB (all "
        "procs) | other processes (cores busy) | load before → after |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    names = {
        "A": "A `scrapy crawl news`, link following on",
        "N": "N `scrapy crawl news`, link following off",
        "B": "B SitemapSpider + trafilatura",
        "C": "C fetch only",
    }
    for kind in ("A", "N", "B", "C"):
        if kind not in results:
            continue
        main_cpu = f"{med(kind, 'main_cpu_ms_per_article'):.1f}" if kind in CRAWLS else ""
        rows.append(
            f"| {names[kind]} | {med(kind, 'pages_per_s'):.1f} | "
            f"{med(kind, 'articles_per_s'):.1f} | {med(kind, 'elapsed'):.1f} | "
            f"{int(med(kind, 'responses'))} | {int(med(kind, 'articles'))} | "
            f"{med(kind, 'cpu_ms_per_article'):.1f} | {main_cpu} | "
            f"{top(kind, 'peak_pss_mb'):.0f} | {top(kind, 'peak_rss_mb'):.0f} | "
            f"{med(kind, 'others_cores'):.2f} | "
            f"{med(kind, 'load_before'):.1f} → {med(kind, 'load_after'):.1f} |"
        )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        f"Throughput benchmark, {args.pages} article pages of ~{args.page_kb} KB, "
        f"{args.rounds} round(s) in alternating order (medians; peaks: the highest), "
        f"concurrency {args.concurrency}.",
        f"Date: {now}. Machine: {machine()}. Load average (1, 5, 15 min) at the end: {load}.",
        "",
        *rows,
        "",
    ]
    for kind in CRAWLS:
        if kind not in results:
            continue
        figures = []
        if "B" in results:
            cpu = med(kind, "cpu_ms_per_article") / med("B", "cpu_ms_per_article")
            speed = med(kind, "articles_per_s") / med("B", "articles_per_s")
            figures.append(f"CPU per article {kind}/B **{cpu:.2f}** (target ≤ 0.5)")
            if len(results[kind]) > 1:  # each round against the B run of the same round
                ratios = [
                    float(a["cpu_ms_per_article"]) / float(b["cpu_ms_per_article"])  # type: ignore[arg-type]
                    for a, b in zip(results[kind], results["B"], strict=False)
                ]
                figures.append("by round " + ", ".join(f"{r:.2f}" for r in ratios))
            figures.append(f"article pages/s {kind}/B **{speed:.2f}** (target ≥ 2.0 idle)")
        if "C" in results:
            floor = med(kind, "articles_per_s") / med("C", "articles_per_s")
            figures.append(f"{kind}/C **{floor:.2f}** (target ≥ 0.40)")
        pss_target = "< 400 at 3,000" if args.pages <= 3000 else "< 1.5x the 3,000-page figure"
        figures.append(f"peak PSS {top(kind, 'peak_pss_mb'):.0f} MB (target {pss_target})")
        crawl_cpu = med(kind, "main_cpu_ms_per_article")
        figures.append(
            f"CPU ms per article: crawl process {crawl_cpu:.1f}, pool workers "
            f"{med(kind, 'cpu_ms_per_article') - crawl_cpu:.1f}"
        )
        if kind in exported:
            found, expected, total = exported[kind]
            figures.append(f"articles exported {found} of {expected} expected ({total} lines)")
        lines.append(f"- {names[kind]}: " + "; ".join(figures) + ".")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=3000, help="article pages (default 3000)")
    parser.add_argument("--page-kb", type=int, default=60)
    parser.add_argument("--theme", default="modern", choices=["modern", "sahifa"])
    parser.add_argument("--rounds", type=int, default=2, help="rounds, order alternating")
    parser.add_argument("--only", default="ANBC", help="which runs, e.g. A or AB")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--no-jobdir", action="store_true", help="run A without a JOBDIR")
    parser.add_argument(
        "-s", "--setting", action="append", default=[], help="extra -s for A and N"
    )
    parser.add_argument("--markdown", help="write the table to this file")
    parser.add_argument("--json", help="write raw results to this file")
    parser.add_argument("--work", help="working directory (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep output and site files")
    parser.add_argument("--trace-memory", action="store_true", help="write A's memory samples")
    parser.add_argument("--spider", help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.spider:
        run_baseline(args.spider, args.base, args.out, args.concurrency)
        return 0

    # A terminated benchmark still stops its nginx (the finally clause below).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    work = Path(args.work or tempfile.mkdtemp(prefix="nc-throughput-"))
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    site_root = work / "site"
    shutil.rmtree(site_root, ignore_errors=True)
    site_root.mkdir()
    args.site_root = str(site_root)
    t0 = time.time()
    site = write_site(args.pages, site_root, base, args.page_kb, args.theme)
    print(
        f"site: {args.pages} articles written in {time.time() - t0:.0f}s to {site_root}",
        file=sys.stderr,
    )
    server = Nginx(site_root, work, port)
    results: dict[str, list[dict[str, object]]] = {}
    exported: dict[str, tuple[int, int, int]] = {}
    try:
        order = [k for k in "ANBC" if k in args.only.upper()]
        for rnd in range(args.rounds):
            for kind in order if rnd % 2 == 0 else order[::-1]:
                res = run_one(kind, base, work, args)
                print(
                    f"round {rnd + 1} {kind}: {res['pages_per_s']:.1f} pages/s, "
                    f"{res['articles_per_s']:.1f} article pages/s, {res['elapsed']:.1f}s, "
                    f"{res['cpu_ms_per_article']:.1f} CPU ms/article, "
                    f"peak RSS {res['peak_rss_mb']:.0f} MB, PSS {res['peak_pss_mb']:.0f} MB, "
                    f"other processes {res['others_cores']:.2f} cores",
                    file=sys.stderr,
                )
                if kind in CRAWLS:
                    roles = res["cpu_ms_per_article_by_role"]
                    print(
                        "  CPU ms/article by process: "
                        + ", ".join(f"{role} {ms:.2f}" for role, ms in sorted(roles.items())),  # type: ignore[attr-defined]
                        file=sys.stderr,
                    )
                if res["lines"] is not None:
                    exported[kind] = check_articles(site, base, res["lines"])  # type: ignore[arg-type]
                res["lines"] = None
                results.setdefault(kind, []).append(res)
    finally:
        server.stop()
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    text = report(results, args, exported)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
