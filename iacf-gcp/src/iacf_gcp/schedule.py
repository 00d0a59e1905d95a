"""Schedules for Cloud Scheduler, which reads unix cron (5 fields) in a time zone: a unix cron expression is taken
as it is; the rate(...) and cron(...) expressions other clouds use, and the request's words ("every day"), are
translated so that the same request means the same schedule here."""

from __future__ import annotations

import re

_RATE = re.compile(r"^rate\(([1-9][0-9]*) (minute|minutes|hour|hours|day|days)\)$")
_AWS_CRON = re.compile(r"^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$")
_FIELD = re.compile(r"^([0-9]+(-[0-9]+)?(/[0-9]+)?|\*(/[0-9]+)?)(,([0-9]+(-[0-9]+)?(/[0-9]+)?))*$")
_NAMED = re.compile(r"^[A-Za-z]{3}(-[A-Za-z]{3})?(,[A-Za-z]{3}(-[A-Za-z]{3})?)*$")
# (low, high) of each unix cron field: minute, hour, day of month, month, day of week
_BOUNDS = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))
_NAMES = ("", "", "", "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC", "SUN MON TUE WED THU FRI SAT")
# when a daily or weekly rate runs: a fixed, quiet hour of the schedule's time zone
DAILY_AT = "0 3"


def _field_problem(value: str, index: int) -> str | None:
    low, high = _BOUNDS[index]
    if _NAMED.match(value) and _NAMES[index]:
        names = _NAMES[index].split()
        bad = [n for n in re.split(r"[,-]", value.upper()) if n not in names]
        return f"{bad[0]} is no name of this field ({', '.join(names)})" if bad else None
    if not _FIELD.match(value):
        return f"field {index + 1} ({value}) is not unix cron (numbers, *, ranges a-b, steps /n, lists)"
    for number in re.findall(r"(?<![/0-9])[0-9]+", value):
        if not low <= int(number) <= high:
            return f"field {index + 1} ({value}) goes outside {low}-{high}"
    return None


def _unix(expression: str) -> tuple[str | None, str | None]:
    fields = expression.split()
    if len(fields) != 5:
        return None, ("use unix cron (5 fields: minute hour day-of-month month day-of-week, e.g. 0 3 * * *), "
                      "rate(N minutes|hours|days) or cron(m h dom month dow year)")
    for index, value in enumerate(fields):
        why = _field_problem(value, index)
        if why:
            return None, why
    return " ".join(fields), None


def _rate(count: int, unit: str) -> tuple[str | None, str | None]:
    if (count == 1) != (not unit.endswith("s")):
        return None, f"write rate({count} {unit.rstrip('s') if count == 1 else unit.rstrip('s') + 's'})"
    if unit.startswith("minute"):
        if 60 % count:
            return None, f"cron cannot run every {count} minutes evenly: use a divisor of 60 or unix cron"
        return ("* * * * *" if count == 1 else f"*/{count} * * * *"), None
    if unit.startswith("hour"):
        if 24 % count:
            return None, f"cron cannot run every {count} hours evenly: use a divisor of 24 or unix cron"
        return ("0 * * * *" if count == 1 else f"0 */{count} * * *"), None
    if count == 1:
        return f"{DAILY_AT} * * *", None
    if count == 7:
        return f"{DAILY_AT} * * MON", None
    return None, f"cron cannot run every {count} days evenly: use 1 or 7 days, or unix cron"


def _aws_cron(fields: tuple[str, ...]) -> tuple[str | None, str | None]:
    minute, hour, dom, month, dow, year = fields
    if year not in ("*", "?"):
        return None, "Cloud Scheduler has no year field: leave it * or write unix cron"
    if any(c in value for value in (dom, dow) for c in "LW#"):
        return None, "Cloud Scheduler's cron has no L, W or #: write unix cron"
    if re.search(r"[0-9]", dow):
        return None, "days of the week are numbered differently in unix cron: name them (MON-FRI)"
    return _unix(" ".join(("*" if v == "?" else v) for v in (minute, hour, dom, month, dow)))


def unix_cron(expression: str) -> tuple[str | None, str | None]:
    """The unix cron expression ``expression`` means, and None; or None and why it is no schedule here."""
    expression = expression.strip()
    if expression.startswith("at("):
        return None, "Cloud Scheduler runs jobs on a recurring schedule only: no one-time at(...)"
    rate = _RATE.match(expression)
    if rate:
        return _rate(int(rate.group(1)), rate.group(2))
    aws = _AWS_CRON.match(expression)
    if aws:
        return _aws_cron(aws.groups())
    return _unix(expression)
