"""Schedules for Cloud Scheduler, which reads unix cron (5 fields) in a time zone: a unix cron expression is taken
as it is; the rate(...) and cron(...) expressions other clouds use, and the request's words ("every day"), are
translated so that the same request means the same schedule here."""

from __future__ import annotations

import re

from iacf_core.toolkit.cron import RATE, rate_as_unix_cron, unix_cron_problem

_AWS_CRON = re.compile(r"^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$")
# when a daily or weekly rate runs: a fixed, quiet hour of the schedule's time zone
DAILY_AT = "0 3"
_OTHER_FORMS = "Cloud Scheduler also takes rate(N minutes|hours|days) and cron(m h dom month dow year)"


def _unix(expression: str) -> tuple[str | None, str | None]:
    problem = unix_cron_problem(expression, other_forms=_OTHER_FORMS)
    if problem:
        return None, problem
    return " ".join(expression.split()), None


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
    rate = RATE.match(expression)
    if rate:
        return rate_as_unix_cron(int(rate.group(1)), rate.group(2), daily_at=DAILY_AT, weekly_on="MON")
    aws = _AWS_CRON.match(expression)
    if aws:
        return _aws_cron(aws.groups())
    return _unix(expression)
