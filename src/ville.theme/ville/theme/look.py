"""Pure helpers of the municipality's look: colours and opening hours.

No Plone import here, so that the profile checks and the tests run fast.
"""

from datetime import datetime
from datetime import time
from ville.core.profilefile import WEEKDAYS
from zoneinfo import ZoneInfo

import re


COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
SLOT = re.compile(r"^(\d{1,2})[:hH](\d{2})\s*-\s*(\d{1,2})[:hH](\d{2})$")
BRUSSELS = ZoneInfo("Europe/Brussels")
# Neutral until a profile or the control panel gives the municipality's own
# (dark enough for white text: WCAG AA).
DEFAULT_COLORS = {
    "primary_color": "#1f4e79",
    "secondary_color": "#2f5f3a",
    "accent_color": "#a4262c",
}


def is_color(value) -> bool:
    return isinstance(value, str) and bool(COLOR.match(value))


def _channel(value: int) -> float:
    value = value / 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio between two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def darker(color: str, factor: float = 0.8) -> str:
    """The same hue, darker (hover and focus states)."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{int(c * factor):02x}" for c in (red, green, blue))


def parse_slots(text: str):
    """``"08:30-12:00, 13:30-16:30"`` -> [(time(8, 30), time(12, 0)), ...].

    Raises ValueError naming the bad part; an empty text means closed.
    """
    slots = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        match = SLOT.match(part)
        if not match:
            raise ValueError(f"'{part}' is not a time range like 08:30-12:00")
        start_h, start_m, end_h, end_m = (int(g) for g in match.groups())
        try:
            start, end = time(start_h, start_m), time(end_h, end_m)
        except ValueError:
            raise ValueError(f"'{part}' is not a time range like 08:30-12:00") from None
        if end <= start:
            raise ValueError(f"'{part}' ends before it starts")
        slots.append((start, end))
    return slots


RANGE = re.compile(r"(\d{1,2})[:hH](\d{2})\s*-\s*(\d{1,2})[:hH](\d{2})")


def find_slots(text: str):
    """The time ranges found in a free text such as
    ``"09:00-11:30 (sur rendez-vous)"``; malformed ranges are skipped."""
    slots = []
    for match in RANGE.finditer(text or ""):
        try:
            start_h, start_m, end_h, end_m = (int(g) for g in match.groups())
            start, end = time(start_h, start_m), time(end_h, end_m)
        except ValueError:
            continue
        if start < end:
            slots.append((start, end))
    return slots


def is_open(hours: dict, now: datetime | None = None, zone=None) -> bool | None:
    """Whether a place with these weekly hours is open at ``now`` (local time
    in ``zone``, the portal's time zone by default). ``hours`` maps weekday
    names to texts like ``"08:30-12:00, 13:30-16:30"``. None when no hours
    are known."""
    if not hours or not any((hours.get(day) or "").strip() for day in WEEKDAYS):
        return None
    if zone is None:
        from ville.theme.dates import local_zone

        zone = local_zone()
    now = (now or datetime.now(zone)).astimezone(zone)
    slots = find_slots(hours.get(WEEKDAYS[now.weekday()]) or "")
    moment = now.time()
    return any(start <= moment < end for start, end in slots)
