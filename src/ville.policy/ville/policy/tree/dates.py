"""Dates of ``tree.yaml``: absolute, or relative to the day the site is
created (``today``, ``today+12``, ``today-3 09:30``); checked when the file
is read, resolved when the content is created."""

from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from pydantic import BeforeValidator
from typing import Annotated
from typing import Any

import re


RELATIVE = re.compile(r"^today(?:([+-])(\d+))?(?: (\d{1,2}):(\d{2}))?$")
ABSOLUTE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: (\d{1,2}):(\d{2}))?$")


class RelativeDate:
    """A date or datetime given relative to the day the site is created."""

    def __init__(self, text, with_time):
        self.text = text
        self.with_time = with_time

    def resolve(self, today: date, zone):
        match = RELATIVE.match(self.text) or ABSOLUTE.match(self.text)
        if self.text.startswith("today"):
            sign, days, hour, minute = match.groups()
            day = today + timedelta(days=int(days or 0) * (-1 if sign == "-" else 1))
        else:
            year, month, dom, hour, minute = match.groups()
            day = date(int(year), int(month), int(dom))
        if not self.with_time:
            return day
        clock = time(int(hour or 0), int(minute or 0))
        return zone.localize(datetime.combine(day, clock))

    def __repr__(self):
        return f"RelativeDate({self.text!r})"


def parse_date(value, with_time=False):
    """The RelativeDate of a value of the file (None when absent); raises
    ValueError with the message of the field."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):  # YAML reads unquoted timestamps itself
        text = value.strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value).strip()
    match = RELATIVE.match(text) or ABSOLUTE.match(text)
    if not match:
        raise ValueError(
            "must be a date like 2026-03-01, today, today+10 or 'today-2 18:00'"
        )
    if ABSOLUTE.match(text):
        try:
            date(*(int(part) for part in ABSOLUTE.match(text).groups()[:3]))
        except ValueError:
            raise ValueError("is not a real date") from None
    return RelativeDate(text, with_time)


def _date_time(value):
    return parse_date(value, with_time=True)


# A date and time of the schema of ``tree.yaml`` (None when absent).
When = Annotated[Any, BeforeValidator(_date_time)]
