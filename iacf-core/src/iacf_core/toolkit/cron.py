"""Unix cron, the 5-field schedule (minute hour day-of-month month day-of-week) Cloud Scheduler and Container Apps
jobs run and a request's time of day is written in: whether an expression is one, and the unix cron of a
``rate(N minutes|hours|days)``. Every cloud checks a schedule with these rules and says what is wrong in the same
words; each keeps its own translation (EventBridge's ``cron(...)``, the hour its daily runs start at).

A field is ``*``, a number, a range ``a-b``, any of them stepped (``*/15``, ``0-30/10``, the step 1 or more), or a
list of those (``1,15``, ``*/20,45``); the month and the day of the week also take names (``JAN-JUN``,
``MON,WED,FRI``, any case), alone or in a list of names and ranges of names. The bounds are 0-59, 0-23, 1-31, 1-12
and 0-7 (0 and 7 are Sunday)::

    >>> unix_cron_problem("*/15 9-17 * * MON-FRI") is None
    True
    >>> unix_cron_problem("0 25 * * *")
    'cron field 2 (hour: 25) goes outside 0-23'
    >>> rate_as_unix_cron(15, "minutes")
    ('*/15 * * * *', None)
"""

from __future__ import annotations

import re

__all__ = ["BOUNDS", "FIELDS", "MONTHS", "RATE", "WEEKDAYS", "rate_as_unix_cron", "rate_problem",
           "unix_cron_problem"]

FIELDS = ("minute", "hour", "day-of-month", "month", "day-of-week")
"""The names of a unix cron's 5 fields, in their order."""
BOUNDS = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))
"""(lowest, highest) number of each field."""
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
"""The month's names, January (1) first."""
WEEKDAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
"""The day of the week's names, Sunday (0) first."""
RATE = re.compile(r"^rate\(([1-9][0-9]*) (minute|minutes|hour|hours|day|days)\)$")
"""``rate(N minutes|hours|days)``: its groups are the count and the unit as written (singular or plural)."""

_NAMES: tuple[tuple[str, ...], ...] = ((), (), (), MONTHS, WEEKDAYS)
_NUMBERS = re.compile(r"^(\*|[0-9]+(-[0-9]+)?)(/[0-9]+)?$")  # one element of a list: *, 5, 1-5, */15, 0-30/10
_NAMED = re.compile(r"^[A-Za-z]{3}(-[A-Za-z]{3})?(,[A-Za-z]{3}(-[A-Za-z]{3})?)*$")  # JAN, MON-FRI, MON,WED
_EXAMPLE = "0 3 * * *"


def _field_problem(index: int, value: str) -> str | None:
    low, high = BOUNDS[index]
    names = _NAMES[index]
    field = f"cron field {index + 1} ({FIELDS[index]}: {value})"
    if names and _NAMED.match(value):
        bad = [name for name in re.split(r"[,-]", value.upper()) if name not in names]
        return f"{field}: {bad[0]} is none of {', '.join(names)}" if bad else None
    elements = value.split(",")
    if not all(_NUMBERS.match(element) for element in elements):
        return (f"{field} is not numbers, *, ranges a-b, steps /n or lists"
                + (f" (or the names {names[0]}-{names[-1]})" if names else ""))
    for element in elements:
        span, _, step = element.partition("/")
        if any(not low <= int(number) <= high for number in span.split("-") if number != "*"):
            return f"{field} goes outside {low}-{high}"
        if step and int(step) == 0:
            return f"{field} steps by 0: a step is 1 or more"
    return None


def unix_cron_problem(expression: str, *, other_forms: str = "") -> str | None:
    """Why ``expression`` is no unix cron (the first problem, its field named), or None when it is one. Fields are
    separated by any white space. ``other_forms`` (what else the cloud's scheduler takes) ends the problem of an
    expression that does not even have 5 fields."""
    fields = expression.split()
    if len(fields) != len(FIELDS):
        return f"a unix cron has 5 fields ({' '.join(FIELDS)}), e.g. {_EXAMPLE}" + (f"; {other_forms}" if other_forms
                                                                                     else "")
    for index, value in enumerate(fields):
        problem = _field_problem(index, value)
        if problem:
            return problem
    return None


def rate_problem(count: int, unit: str) -> str | None:
    """Why ``rate(count unit)`` is written wrong (1 takes the singular unit, other counts the plural), or None."""
    singular = unit.rstrip("s")
    written = singular if count == 1 else singular + "s"
    return None if unit == written else f"write rate({count} {written})"


def rate_as_unix_cron(count: int, unit: str, *, daily_at: str = "0 0",
                      weekly_on: str = "1") -> tuple[str | None, str | None]:
    """The unix cron running ``rate(count unit)`` evenly, and None; or None and why there is none.

    ``unit`` is minute(s), hour(s) or day(s), as :data:`RATE` reads it. A count of minutes divides 60 (60: every
    hour), a count of hours divides 24, from midnight (24: every day at midnight); days are 1 (every day at
    ``daily_at``, "minute hour", the cloud's own quiet hour) or 7 (every week on ``weekly_on``, a day-of-week
    field, at ``daily_at``). Any other count has no even cron: its runs would start again at each hour or day."""
    problem = rate_problem(count, unit)
    if problem:
        return None, problem
    singular = unit.rstrip("s")
    if singular == "minute" and 60 % count == 0:
        return {1: "* * * * *", 60: "0 * * * *"}.get(count, f"*/{count} * * * *"), None
    if singular == "hour" and 24 % count == 0:
        return {1: "0 * * * *", 24: "0 0 * * *"}.get(count, f"0 */{count} * * *"), None
    if singular == "day" and count in (1, 7):
        return f"{daily_at} * * {'*' if count == 1 else weekly_on}", None
    even = {"minute": "a number of minutes dividing 60", "hour": "a number of hours dividing 24",
            "day": "1 or 7 days"}[singular]
    return None, f"rate({count} {unit}) has no even unix cron: use {even}, or a unix cron"
