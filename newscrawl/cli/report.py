"""``newscrawl report OUTPUT_DIR|RUN.manifest.json [-o report.html]``: a run report with plots.

One self-contained HTML page (plotly.js inline: no network needed to open it) with, for the
runs found (every ``*.manifest.json`` under the directory, or the one named) and the articles
of their output files: articles per day (published) and per run, per section and per author
(top N), field coverage, body length distribution, languages, HTTP status and error counts,
articles not exported by reason, requests per URL family and per kind, and, for a series of
scheduled runs, the trend across runs. A directory without manifests (``-O`` outputs) gives
the article plots only.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscrawl import __version__
from newscrawl.console.corpus import COVERAGE_FIELDS, corpus_figures, find_runs
from newscrawl.console.errors import OneLineArgumentParser
from newscrawl.exceptions import ArgumentError

if TYPE_CHECKING:
    from collections.abc import Mapping

    import plotly.graph_objects as go

    from newscrawl.console.corpus import CorpusFigures, Run

_COLOR = "#3b6ea8"
_PLOT_CONFIG = {"displaylogo": False, "displayModeBar": False, "responsive": True}


def _parser() -> OneLineArgumentParser:
    parser = OneLineArgumentParser(prog="newscrawl report", description=__doc__)
    parser.add_argument("target", type=Path, help="output directory, or one .manifest.json")
    parser.add_argument(
        "-o", "--output", type=Path, default=None, help="HTML file to write (report.html)"
    )
    parser.add_argument("--top", type=int, default=15, help="sections, authors, families shown")
    return parser


def _bar(
    counts: Mapping[str, float],
    title: str,
    *,
    horizontal: bool = False,
    xlabel: str = "",
    ylabel: str = "articles",
) -> go.Figure:
    import plotly.graph_objects as go

    names = [str(k) for k in counts]
    values = list(counts.values())
    if horizontal:
        trace = go.Bar(x=values[::-1], y=names[::-1], orientation="h", marker_color=_COLOR)
    else:
        trace = go.Bar(x=names, y=values, marker_color=_COLOR)
    fig = go.Figure(trace)
    fig.update_layout(
        title=title,
        xaxis_title=ylabel if horizontal else xlabel,
        yaxis_title=xlabel if horizontal else ylabel,
    )
    return fig


def _sum(runs: list[Run], *keys: str) -> Counter[str]:
    total: Counter[str] = Counter()
    for run in runs:
        node: Any = run.manifest
        for key in keys:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict):
            for name, value in node.items():
                if isinstance(value, (int, float)):
                    total[str(name)] += int(value)
                elif isinstance(value, dict) and isinstance(value.get("pages"), int):
                    total[str(name)] += int(value["pages"])
    return total


def build_figures(runs: list[Run], corpus: CorpusFigures, top: int) -> list[go.Figure]:
    """Return the report's plots, in page order."""
    import plotly.graph_objects as go

    figures = []
    days = dict(sorted(corpus.days.items()))
    figures.append(_bar(days, "Articles per day (published)", xlabel="day"))
    if runs:
        per_run = {r.run_id: int(r.manifest["articles"].get("exported", 0)) for r in runs}
        figures.append(_bar(per_run, "Articles exported per run", xlabel="run"))
    figures.append(
        _bar(dict(corpus.sections.most_common(top)), f"Top {top} sections", horizontal=True)
    )
    figures.append(
        _bar(dict(corpus.authors.most_common(top)), f"Top {top} authors", horizontal=True)
    )
    coverage = {
        name: round(100 * corpus.coverage.get(name, 0) / corpus.articles, 1)
        if corpus.articles
        else 0.0
        for name in COVERAGE_FIELDS
    }
    fig = _bar(coverage, "Field coverage (% of articles with a value)", ylabel="%")
    fig.update_yaxes(range=[0, 100])
    figures.append(fig)
    hist = go.Figure(go.Histogram(x=corpus.word_counts, nbinsx=30, marker_color=_COLOR))
    hist.update_layout(title="Body length (words)", xaxis_title="words", yaxis_title="articles")
    figures.append(hist)
    figures.append(_bar(dict(corpus.languages.most_common()), "Languages"))
    if runs:
        status = _sum(runs, "requests", "http_status")
        figures.append(
            _bar(dict(sorted(status.items())), "HTTP status", xlabel="status", ylabel="responses")
        )
        errors = _sum(runs, "errors", "by_kind") + _sum(runs, "errors", "exceptions")
        figures.append(
            _bar(dict(errors.most_common()) or {"none": 0}, "Errors by kind", ylabel="errors")
        )
        dropped = _sum(runs, "articles", "not_exported")
        figures.append(_bar(dict(dropped.most_common()) or {"none": 0}, "Not exported, by reason"))
        kinds = _sum(runs, "requests", "responses_by_kind")
        figures.append(_bar(dict(kinds.most_common()), "Responses by kind", ylabel="responses"))
        families = _sum(runs, "discovery", "families")
        figures.append(
            _bar(
                dict(families.most_common(top)) or {"none": 0},
                f"Requests per URL family (top {top})",
                horizontal=True,
                ylabel="pages",
            )
        )
        figures.append(_trend(runs))
    return figures


def _trend(runs: list[Run]) -> go.Figure:
    import plotly.graph_objects as go

    ids = [r.run_id for r in runs]

    def series(*keys: str) -> list[int]:
        values = []
        for run in runs:
            node: Any = run.manifest
            for key in keys:
                node = node.get(key, 0) if isinstance(node, dict) else 0
            if isinstance(node, dict):
                node = sum(v for v in node.values() if isinstance(v, int))
            values.append(int(node or 0))
        return values

    fig = go.Figure()
    for name, keys in (
        ("exported", ("articles", "exported")),
        ("skipped as exported", ("articles", "skipped_seen")),
        ("not exported", ("articles", "not_exported")),
        ("requests", ("requests", "total")),
        ("errors", ("errors", "total")),
    ):
        fig.add_trace(go.Scatter(x=ids, y=series(*keys), mode="lines+markers", name=name))
    fig.update_layout(title="Trend across runs", xaxis_title="run", yaxis_title="count")
    return fig


def _summary_rows(runs: list[Run], corpus: CorpusFigures) -> list[tuple[str, str]]:
    rows = [
        ("articles", f"{corpus.articles:,} in {corpus.files} file(s)"),
        ("sites", ", ".join(f"{s} ({n})" for s, n in corpus.sites.most_common(5)) or "-"),
        ("published", f"{corpus.first or '-'} to {corpus.last or '-'}"),
        ("duplicates", f"{corpus.duplicates} (revisions: {corpus.revisions})"),
    ]
    if runs:
        failed = [r.run_id for r in runs if not r.manifest.get("ok", True)]
        rows.append(("runs", f"{len(runs)} ({runs[0].run_id} to {runs[-1].run_id})"))
        rows.append(("failed runs", ", ".join(failed) or "none"))
    return rows


def render_html(runs: list[Run], corpus: CorpusFigures, top: int, source: str) -> str:
    """Return the report page (self-contained: plotly.js is inline)."""
    figures = build_figures(runs, corpus, top)
    divs = []
    for index, fig in enumerate(figures):
        fig.update_layout(template="plotly_white", height=380, margin={"t": 50, "l": 60})
        divs.append(
            '<section class="plot">'
            + fig.to_html(
                full_html=False,
                include_plotlyjs=index == 0,
                config=_PLOT_CONFIG,
                div_id=f"plot-{index}",
            )
            + "</section>"
        )
    rows = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
        for k, v in _summary_rows(runs, corpus)
    )
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newscrawl report: {html.escape(source)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5rem auto; max-width: 1200px;
       color: #222; padding: 0 1rem; }}
h1 {{ font-size: 1.4rem; }} table {{ border-collapse: collapse; margin-bottom: 1rem; }}
th {{ text-align: left; padding: .2rem 1rem .2rem 0; color: #555; font-weight: 600; }}
.grid {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr));
        gap: 1rem; }}
.plot {{ border: 1px solid #e3e3e3; border-radius: 6px; padding: .3rem; }}
footer {{ color: #777; font-size: .8rem; margin-top: 1rem; }}
</style></head><body>
<h1>newscrawl report: {html.escape(source)}</h1>
<table>{rows}</table>
<div class="grid">
{"".join(divs)}
</div>
<footer>newscrawl {__version__}, {now}; {len(figures)} plots</footer>
<script>
// Plots drawn before the grid settled take their width again once the page is laid out.
window.addEventListener("load", () => document.querySelectorAll(".js-plotly-plot")
  .forEach((plot) => Plotly.Plots.resize(plot)));
</script>
</body></html>
"""


def main(argv: list[str]) -> int:
    """Write the report of a run or an output directory; print the HTML path."""
    args = _parser().parse_args(argv)
    if args.top < 1:
        raise ArgumentError(f"--top: expected a positive number, got {args.top}")
    runs, files = find_runs(args.target)
    corpus = corpus_figures(files)
    output = args.output or Path("report.html")
    page = render_html(runs, corpus, args.top, str(args.target))
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise ArgumentError(f"{output}: cannot be written: {exc.strerror}") from None
    print(output)
    return 0
