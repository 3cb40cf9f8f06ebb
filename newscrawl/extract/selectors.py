"""Profile selectors, compiled once per process and keyed by the profile digest."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from lxml import etree
from parsel.csstranslator import HTMLTranslator

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from newscrawl.sites.profile import Layout, SiteProfile

_TRANSLATOR = HTMLTranslator()
_PSEUDO_RE = re.compile(r"::(text|attr\([^)]*\))")


def compile_selector(selector: str) -> etree.XPath:
    """Compile a CSS selector (parsel ``::text``/``::attr()`` allowed) or XPath to an XPath."""
    sel = selector.strip()
    if sel.startswith(("/", "(")):
        return etree.XPath(sel)
    return etree.XPath(_TRANSLATOR.css_to_xpath(sel))


@dataclass(frozen=True, slots=True)
class CompiledLayout:
    """A layout with its selectors compiled."""

    layout: Layout
    selectors: dict[str, etree.XPath]
    remove: tuple[etree.XPath, ...]

    def select(self, tree: HtmlElement, field: str) -> list[object]:
        """Return the matches of the selector for `field` (elements or strings)."""
        xp = self.selectors.get(field)
        if xp is None:
            return []
        result = xp(tree)
        return result if isinstance(result, list) else [result]


_CACHE: dict[tuple[str, str, int], tuple[CompiledLayout, ...]] = {}


def compiled_layouts(profile: SiteProfile) -> tuple[CompiledLayout, ...]:
    """Return the profile's layouts compiled (cached per process by name and digest)."""
    key = (profile.name, profile.digest, len(profile.layouts))
    cached = _CACHE.get(key)
    if cached is None:
        cached = tuple(
            CompiledLayout(
                layout=layout,
                selectors={k: _compile(v) for k, v in layout.selectors.items()},
                remove=tuple(_compile(v) for v in layout.remove),
            )
            for layout in profile.layouts
        )
        if len(_CACHE) > 256:
            _CACHE.clear()
        _CACHE[key] = cached
    return cached


@lru_cache(maxsize=1024)
def _compile(selector: str) -> etree.XPath:
    return compile_selector(selector)


def choose_layout(profile: SiteProfile, url: str, tree: HtmlElement) -> CompiledLayout | None:
    """Return the first layout whose URL patterns match and whose title or body selector hits."""
    for compiled in compiled_layouts(profile):
        patterns = compiled.layout.url_patterns
        if patterns and not any(p.search(url) for p in patterns):
            continue
        if any(compiled.select(tree, f) for f in ("title", "body") if f in compiled.selectors):
            return compiled
    return None
