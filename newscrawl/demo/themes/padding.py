"""Page padding: inline styles, scripts, hidden menus and icons that bring pages to a set size."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from newscrawl.demo.model import esc

if TYPE_CHECKING:
    from newscrawl.demo.model import Post, SiteData


class Padding:
    """The padding blocks of one site (per base URL, made on first use)."""

    def __init__(self) -> None:
        self._blocks: dict[str, list[str]] = {}

    def __call__(
        self, site: SiteData, base: str, links: list[str], post: Post, size: int
    ) -> tuple[str, str]:
        """Return (head, footer) markup of about `size` bytes: scripts, styles, hidden menus.

        `links` are the site paths the hidden menus link to.
        """
        if size <= 0:
            return "", ""
        blocks = self._blocks.get(base)
        if blocks is None:
            blocks = self._blocks[base] = _blocks(site, [base + p for p in links])
        head: list[str] = []
        foot: list[str] = []
        total = 0
        k = post.post_id % len(blocks)
        while total < size:
            block = blocks[k % len(blocks)]
            (head if block.startswith(("<style", "<script")) and len(head) < 6 else foot).append(
                block
            )
            total += len(block)
            k += 1
        return "\n".join(head), "\n".join(foot)


def _blocks(site: SiteData, links: list[str]) -> list[str]:
    rng = random.Random(f"newscrawl-demo/{site.seed}/padding")
    blocks: list[str] = []
    for k in range(48):
        kind = k % 4
        if kind == 0:
            rules = "\n".join(
                f".tie-{k}-{j} .post-box-title a, .widget-{j} li:hover"
                f"{{color:#{rng.randrange(16**6):06x};"
                f"margin:{rng.randint(0, 30)}px {rng.randint(0, 30)}px;"
                f"font-size:{rng.randint(11, 22)}px;line-height:{rng.randint(12, 30)}px}}"
                for j in range(20)
            )
            blocks.append(f"<style id='tie-inline-{k}' type='text/css'>\n{rules}\n</style>")
        elif kind == 1:
            pairs = ",".join(f'"opt_{k}_{j}":"{rng.randrange(16**12):012x}"' for j in range(40))
            blocks.append(
                f"<script type='text/javascript'>\n/* <![CDATA[ */\nvar tieCfg{k} = "
                f"{{{pairs}}};\n/* ]]> */\n</script>"
            )
        elif kind == 2:
            items = "".join(
                f'<li id="menu-item-{k * 100 + j}" class="menu-item menu-item-type-taxonomy">'
                f'<a href="{esc(rng.choice(links))}">'
                f"{esc(rng.choice(site.sections).name)}</a></li>\n"
                for j in range(16)
            )
            blocks.append(
                f'<div class="mega-menu-block" style="display:none"><ul class="sub-menu">\n'
                f"{items}</ul></div>"
            )
        else:
            paths = " ".join(
                f"M{rng.randint(0, 99)} {rng.randint(0, 99)}L{rng.randint(0, 99)} "
                f"{rng.randint(0, 99)}"
                for _ in range(60)
            )
            blocks.append(
                f'<svg style="display:none" aria-hidden="true"><symbol id="icon-{k}" '
                f'viewBox="0 0 100 100"><path d="{paths}"/></symbol></svg>'
            )
    return blocks
