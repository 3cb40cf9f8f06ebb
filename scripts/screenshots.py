"""Make the README's screenshots: docs/progress.png and docs/report.png.

- progress: a real ``scrapy crawl news`` of the demo site on a pseudo-terminal; one frame of
  its live display (taken mid-crawl) and its closing summary, drawn by rich as SVG.
- report: ``newscrawl report`` of two ``newscrawl crawl`` runs of the demo site.
Both pictures are taken by headless Chromium (Debian's chromium and chromedriver).

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image
from rich.console import Console
from rich.text import Text
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from newscrawl.demo.server import serve
from newscrawl.demo.site import Site

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
ENV = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings", "COLUMNS": "96"}
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0.05"]


def on_terminal(cmd: list[str], cwd: Path) -> str:
    leader, follower = pty.openpty()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=follower, stderr=follower, env=ENV)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait()
    return b"".join(chunks).decode("utf-8", "replace")


def browser(width: int, height: int) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 "--disable-background-networking", "--no-first-run",
                 f"--window-size={width},{height}"):  # fmt: skip
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))


def shrink(path: Path, width: int) -> None:
    image = Image.open(path).convert("RGB")
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
    image.quantize(colors=64).save(path, optimize=True)


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_name, serve(Site(n_articles=120)) as server:
        tmp = Path(tmp_name)
        crawl = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={server.url}"]
        screen = on_terminal([*crawl, *FAST, "-O", str(tmp / "articles.jsonl")], tmp)
        frames = [f for f in re.split(r"(?:\r?\x1b\[2K\x1b\[1A)+\x1b\[2K", screen) if f.strip()]
        live = [f for f in frames if "ETA" in f] or frames
        frame = live[len(live) // 2].replace("\r", "")
        summary = frames[-1].replace("\r", "")
        console = Console(record=True, width=96, file=io.StringIO())
        console.print(Text("$ scrapy crawl news -a url=http://127.0.0.1:8000/ -O articles.jsonl"))
        console.print(Text.from_ansi(frame.strip("\r\n")))
        console.print(Text("… and when the crawl ends:", style="dim"))
        console.print(Text.from_ansi(summary.replace("\x1b[?25h", "").strip("\r\n")))
        svg = tmp / "progress.svg"
        svg.write_text(console.export_svg(title="newscrawl"), encoding="utf-8")
        for _ in range(2):
            subprocess.run(
                [sys.executable, "-m", "newscrawl", "crawl", server.url, "--state-dir",
                 str(tmp / "state"), "--out", str(tmp / "out"), *FAST, "-L", "ERROR"],
                check=True, cwd=tmp, env=ENV,
            )  # fmt: skip
            server.site.add_articles(15)
        subprocess.run(
            [sys.executable, "-m", "newscrawl", "report", str(tmp / "out"), "-o",
             str(tmp / "report.html")],
            check=True, cwd=tmp, env=ENV,
        )  # fmt: skip
        driver = browser(1000, 700)
        try:
            driver.get(svg.as_uri())
            driver.save_screenshot(str(DOCS / "progress.png"))
            driver.set_window_size(1280, 1500)
            driver.get((tmp / "report.html").as_uri())
            time.sleep(2)
            driver.save_screenshot(str(DOCS / "report.png"))
        finally:
            driver.quit()
    shrink(DOCS / "progress.png", 800)
    shrink(DOCS / "report.png", 1000)
    for name in ("progress.png", "report.png"):
        print(DOCS / name, (DOCS / name).stat().st_size)


if __name__ == "__main__":
    main()
