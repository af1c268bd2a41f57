"""Dates as news writes them, resolved against the article's publication date.

``resolve_date("on Tuesday", "2023-03-22")`` gives ``("2023-03-21", True)``: the ISO date
and whether it was resolved from a relative expression. Weekdays and "last/next
week/month/year" are read as the news convention has it: a bare weekday is the most
recent such day on or before the publication date (``future=True``: the next one).
What cannot be read gives ``(None, False)``; the caller keeps the text.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?(?:\s+(\d{4}))?\b")
_MONTH_DAY = re.compile(r"\b([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?")


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def resolve_date(text: str, published: str | None, future: bool = False) -> tuple[str | None, bool]:
    """An ISO date for a date expression, and whether it was relative to ``published``."""
    t = text.strip().lower()
    if m := _ISO.search(t):
        found = _valid(*map(int, m.groups()))
        return (found.isoformat(), False) if found else (None, False)
    base = date.fromisoformat(published) if published else None
    for pattern, day_first in ((_DAY_MONTH, True), (_MONTH_DAY, False)):
        if m := pattern.search(t):
            day, month, year = (m.group(1), m.group(2), m.group(3)) if day_first else (m.group(2), m.group(1), m.group(3))
            if month in MONTHS:
                if year:
                    found = _valid(int(year), MONTHS[month], int(day))
                    return (found.isoformat(), False) if found else (None, False)
                if base is None:
                    return None, False
                found = _valid(base.year, MONTHS[month], int(day))
                if found and found > base and not future:
                    found = _valid(base.year - 1, MONTHS[month], int(day))
                return (found.isoformat(), True) if found else (None, False)
    if base is None:
        return None, False
    simple = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "this morning": 0,
              "this afternoon": 0, "this evening": 0, "last night": -1}
    for phrase, delta in simple.items():
        if phrase in t:
            return (base + timedelta(days=delta)).isoformat(), True
    for name, wd in WEEKDAYS.items():
        if re.search(rf"\b{name}\b", t):
            if future or "next" in t:
                delta = (wd - base.weekday()) % 7 or 7
            else:
                delta = -((base.weekday() - wd) % 7)
                if "last" in t and delta == 0:
                    delta = -7
            return (base + timedelta(days=delta)).isoformat(), True
    return None, False
