# ruff: noqa: RUF001 -- typographic quotes and dashes belong to the generated text
"""Deterministic English news text for the demo sites: titles, paragraphs, names.

Every function takes a seeded `random.Random` and uses nothing else, so the same seed gives the
same text on every machine and Python version (string seeds are hashed with SHA-512).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newscrawl.demo.vocab import (
    CITIES,
    COUNTRIES,
    CROPS,
    EVENTS,
    FIELDS,
    FIRST_NAMES,
    LAST_NAMES,
    MINISTRIES,
    ORGS,
    PROJECTS,
    QUOTES,
    ROLES,
    SENTENCES,
    SPORTS,
    STORIES,
    TOPIC_WORDS,
    TOPICS,
    WEEKDAYS,
)

if TYPE_CHECKING:
    import random

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class Story:
    """The slot values of one article, shared by its title and its lead."""

    topic: str
    title: str
    lead: str
    slots: dict[str, str]


def topic_of(section_slug: str, position: int) -> str:
    """Return the text topic for a section slug, cycling through topics for unknown slugs."""
    for topic, words in TOPIC_WORDS.items():
        if any(w in section_slug for w in words):
            return topic
    return TOPICS[position % len(TOPICS)]


def _slots(rng: random.Random) -> dict[str, str]:
    city, city2 = rng.sample(CITIES, 2)
    return {
        "city": city,
        "city2": city2,
        "country": rng.choice(COUNTRIES),
        "ministry": rng.choice(MINISTRIES),
        "org": rng.choice(ORGS),
        "project": rng.choice(PROJECTS),
        "crop": rng.choice(CROPS),
        "event": rng.choice(EVENTS),
        "sport": rng.choice(SPORTS),
        "field": rng.choice(FIELDS),
        "weekday": rng.choice(WEEKDAYS),
        "num": str(rng.randint(12, 980)),
        "small": str(rng.randint(2, 9)),
        "count": str(rng.randint(8, 60)),
        "pct": str(rng.randint(3, 60)),
        "score": f"{rng.randint(1, 4)}-{rng.randint(0, 1)}",
        "year": str(rng.randint(2015, 2024)),
    }


def _capitalize(s: str) -> str:
    return s[:1].upper() + s[1:]


def make_story(rng: random.Random, topic: str, weekday: str | None = None) -> Story:
    """Draw a title and its lead sentence for `topic`, about an event on `weekday`."""
    slots = _slots(rng)
    if weekday:
        slots["weekday"] = weekday
    title, lead = rng.choice(STORIES[topic])
    return Story(
        topic=topic,
        title=_capitalize(title.format(**slots)),
        lead=_capitalize(lead.format(**slots)),
        slots=slots,
    )


MIN_BODY_WORDS = 90
"""Agency copy is rarely shorter; short bodies get more paragraphs."""
_FRESH_SLOTS = {
    "num": (12, 980),
    "small": (2, 9),
    "pct": (3, 60),
    "count": (8, 60),
    "year": (2015, 2024),
}


class _SentenceSlots(dict[str, str]):
    """The story's slots, with fresh numbers drawn for each use."""

    def __init__(self, slots: dict[str, str], rng: random.Random) -> None:
        super().__init__(slots)
        self._rng = rng

    def __getitem__(self, key: str) -> str:
        bounds = _FRESH_SLOTS.get(key)
        if bounds is not None:
            return str(self._rng.randint(*bounds))
        if key == "city2":
            return self._rng.choice(CITIES)
        return super().__getitem__(key)


def make_paragraphs(rng: random.Random, story: Story) -> list[str]:
    """Return the body paragraphs of a story (without dateline), the lead first."""
    pool = list(SENTENCES[story.topic]) + list(SENTENCES["generic"])
    rng.shuffle(pool)
    n_paragraphs = rng.randint(3, 6)
    paragraphs = [story.lead]
    for k in range(1, n_paragraphs):
        n_sentences = rng.randint(1, 3)
        sentences = []
        for _ in range(n_sentences):
            template = pool.pop() if pool else rng.choice(SENTENCES["generic"])
            sentences.append(_capitalize(template.format_map(_SentenceSlots(story.slots, rng))))
        if k == n_paragraphs - 1 and rng.random() < 0.7:
            role = rng.choice(ROLES).format(**story.slots)
            sentences = [_capitalize(rng.choice(QUOTES).format(person=role))]
        paragraphs.append(" ".join(sentences))
    while len(" ".join(paragraphs).split()) < MIN_BODY_WORDS and pool:
        extra = [pool.pop() for _ in range(min(2, len(pool)))]
        text = " ".join(_capitalize(t.format_map(_SentenceSlots(story.slots, rng))) for t in extra)
        paragraphs.insert(len(paragraphs) - 1, text)
    return paragraphs


def make_person(rng: random.Random) -> str:
    """Return a plausible full name."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def initials(name: str) -> str:
    """Return SANA-style editor initials: ``Hala Zain`` -> ``H.Z``, ``Khalil Eid`` -> ``Kh.E``."""
    parts = []
    for word in name.split()[:2]:
        two = word[:2]
        parts.append(two if two in ("Kh", "Sh", "Gh", "Th", "Dh") else word[:1])
    return ".".join(parts)


def slugify(text: str) -> str:
    """Return a lower-case ASCII slug: words joined by hyphens."""
    words = _WORD_RE.findall(text.lower().replace("’", "").replace("'", ""))
    return "-".join(w for w in words if w.isascii()) or "item"


def words(text: str) -> list[str]:
    """Return the words of `text` (letters and digits, apostrophes inside words kept)."""
    return _WORD_RE.findall(text)
