"""The kit's unix cron rules (iacf_core.toolkit.cron): which expressions are unix cron, why the others are not, and
the unix cron of a rate(N minutes|hours|days)."""

from __future__ import annotations

import pytest

from iacf_core.toolkit.cron import BOUNDS, FIELDS, RATE, rate_as_unix_cron, rate_problem, unix_cron_problem


@pytest.mark.parametrize("expression", [
    "* * * * *", "0 3 * * *", "30 2 * * 1", "0 3 * * 1-5", "0 2 * * 0,6", "*/15 * * * *", "0 0 1 * *",
    "0 6 * * 7", "*/15 9-17 1,15 JAN-JUN *", "0 2 * jan mon-fri", "0 8 * * MON,WED,FRI", "0 0 * DEC,JAN-FEB *",
    "0-30/10 * * * *", "5/20 * * * *", "*/20,45 * * * *", "0 0 */10 * *", "0 */6 * * *", "00 03 * * *",
    "0  3 * * *", "0 3 * * *\n",
    # every bound
    "0 0 1 1 0", "59 23 31 12 7", "0-59 0-23 1-31 1-12 0-7",
])
def test_unix_cron_is_accepted(expression: str) -> None:
    assert unix_cron_problem(expression) is None


@pytest.mark.parametrize(("expression", "problem"), [
    ("0 3 * *", "a unix cron has 5 fields (minute hour day-of-month month day-of-week), e.g. 0 3 * * *"),
    ("0 3 * * * *", "a unix cron has 5 fields (minute hour day-of-month month day-of-week), e.g. 0 3 * * *"),
    ("", "a unix cron has 5 fields (minute hour day-of-month month day-of-week), e.g. 0 3 * * *"),
    ("0 25 * * *", "cron field 2 (hour: 25) goes outside 0-23"),
    ("0 2 MON * *", "cron field 3 (day-of-month: MON) is not numbers, *, ranges a-b, steps /n or lists"),
    ("0 3 ? * *", "cron field 3 (day-of-month: ?) is not numbers, *, ranges a-b, steps /n or lists"),
    ("0 3 L * *", "cron field 3 (day-of-month: L) is not numbers, *, ranges a-b, steps /n or lists"),
    ("0 3 * 13 *", "cron field 4 (month: 13) goes outside 1-12"),
    ("0 3 * * 1#2", "cron field 5 (day-of-week: 1#2) is not numbers, *, ranges a-b, steps /n or lists "
                    "(or the names SUN-SAT)"),
    ("0 3 * JAN-6 *", "cron field 4 (month: JAN-6) is not numbers, *, ranges a-b, steps /n or lists "
                      "(or the names JAN-DEC)"),
    ("0 3 * FOO *", "cron field 4 (month: FOO): FOO is none of JAN, FEB, MAR, APR, MAY, JUN, JUL, AUG, SEP, OCT, "
                    "NOV, DEC"),
    ("0 3 * * mon-fry", "cron field 5 (day-of-week: mon-fry): FRY is none of SUN, MON, TUE, WED, THU, FRI, SAT"),
    ("*/0 * * * *", "cron field 1 (minute: */0) steps by 0: a step is 1 or more"),
    ("0 3 1,40 * *", "cron field 3 (day-of-month: 1,40) goes outside 1-31"),
    ("0 3 * * 1-8", "cron field 5 (day-of-week: 1-8) goes outside 0-7"),
    ("0 3 * * 1,", "cron field 5 (day-of-week: 1,) is not numbers, *, ranges a-b, steps /n or lists "
                   "(or the names SUN-SAT)"),
    ("0 3 * * -1", "cron field 5 (day-of-week: -1) is not numbers, *, ranges a-b, steps /n or lists "
                   "(or the names SUN-SAT)"),
    ("1-*/2 3 * * *", "cron field 1 (minute: 1-*/2) is not numbers, *, ranges a-b, steps /n or lists"),
])
def test_what_is_not_unix_cron_is_said(expression: str, problem: str) -> None:
    assert unix_cron_problem(expression) == problem


@pytest.mark.parametrize("index", range(5))
def test_each_field_s_bounds(index: int) -> None:
    low, high = BOUNDS[index]

    def at(value: int) -> str:
        return " ".join(str(value) if i == index else "*" for i in range(5))

    assert unix_cron_problem(at(low)) is None and unix_cron_problem(at(high)) is None
    assert unix_cron_problem(at(high + 1)) == f"cron field {index + 1} ({FIELDS[index]}: {high + 1}) goes outside " \
                                              f"{low}-{high}"
    if low > 0:
        assert unix_cron_problem(at(low - 1)) == f"cron field {index + 1} ({FIELDS[index]}: {low - 1}) goes " \
                                                 f"outside {low}-{high}"


@pytest.mark.parametrize(("written", "count", "unit"), [
    ("rate(5 minutes)", "5", "minutes"), ("rate(1 hour)", "1", "hour"), ("rate(7 days)", "7", "days"),
    ("rate(0 days)", None, None), ("rate(5 weeks)", None, None), ("rate(5minutes)", None, None),
    ("cron(0 3 * * ? *)", None, None), (" rate(1 day)", None, None),
])
def test_rate_is_read(written: str, count: str | None, unit: str | None) -> None:
    match = RATE.match(written)
    assert (match.groups() if match else (None, None)) == (count, unit)


@pytest.mark.parametrize(("count", "unit", "cron"), [
    (1, "minute", "* * * * *"), (5, "minutes", "*/5 * * * *"), (15, "minutes", "*/15 * * * *"),
    (30, "minutes", "*/30 * * * *"), (60, "minutes", "0 * * * *"),
    (1, "hour", "0 * * * *"), (2, "hours", "0 */2 * * *"), (12, "hours", "0 */12 * * *"), (24, "hours", "0 0 * * *"),
    (1, "day", "0 0 * * *"), (7, "days", "0 0 * * 1"),
])
def test_a_rate_is_an_even_unix_cron(count: int, unit: str, cron: str) -> None:
    assert rate_as_unix_cron(count, unit) == (cron, None)
    assert unix_cron_problem(cron) is None


def test_a_daily_or_weekly_rate_runs_when_the_cloud_says() -> None:
    assert rate_as_unix_cron(1, "day", daily_at="0 3") == ("0 3 * * *", None)
    assert rate_as_unix_cron(7, "days", daily_at="30 2", weekly_on="MON") == ("30 2 * * MON", None)
    assert rate_as_unix_cron(7, "days", weekly_on="0") == ("0 0 * * 0", None)
    assert rate_as_unix_cron(1, "hour", daily_at="0 3") == ("0 * * * *", None)


@pytest.mark.parametrize(("count", "unit", "problem"), [
    (7, "minutes", "rate(7 minutes) has no even unix cron: use a number of minutes dividing 60, or a unix cron"),
    (45, "minutes", "rate(45 minutes) has no even unix cron: use a number of minutes dividing 60, or a unix cron"),
    (90, "minutes", "rate(90 minutes) has no even unix cron: use a number of minutes dividing 60, or a unix cron"),
    (5, "hours", "rate(5 hours) has no even unix cron: use a number of hours dividing 24, or a unix cron"),
    (48, "hours", "rate(48 hours) has no even unix cron: use a number of hours dividing 24, or a unix cron"),
    (2, "days", "rate(2 days) has no even unix cron: use 1 or 7 days, or a unix cron"),
    (30, "days", "rate(30 days) has no even unix cron: use 1 or 7 days, or a unix cron"),
    (1, "minutes", "write rate(1 minute)"), (5, "minute", "write rate(5 minutes)"), (1, "days", "write rate(1 day)"),
    (2, "hour", "write rate(2 hours)"),
])
def test_a_rate_with_no_even_unix_cron_is_refused(count: int, unit: str, problem: str) -> None:
    assert rate_as_unix_cron(count, unit) == (None, problem)


@pytest.mark.parametrize(("count", "unit", "problem"), [
    (1, "minute", None), (1, "hour", None), (1, "day", None), (2, "minutes", None), (7, "days", None),
    (7, "minutes", None),  # written right: whether it is an even cron is rate_as_unix_cron's question
    (1, "hours", "write rate(1 hour)"), (3, "day", "write rate(3 days)"),
])
def test_a_rate_s_unit_agrees_with_its_count(count: int, unit: str, problem: str | None) -> None:
    assert rate_problem(count, unit) == problem
