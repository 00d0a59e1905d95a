"""When a request's scheduled job runs: a time of day ("every night at 2am", "tous les jours à 3h", "at 02:00 UTC",
"à 14h30", "à minuit") completes its days as a unix cron (``30 2 * * *``) every cloud reads; an interval ("every
45 minutes") every cloud's scheduler cannot run evenly is refused.

A time is read only after "at" / "à" / "vers" / "around", with a mark that makes it a time (am/pm, h, minutes,
midnight/noon): "at 2" alone is no time. It sets the job's schedule when the request asks for a daily run (or
states no frequency), a weekly one (Mondays), or runs on days the vocabulary writes as a unix cron at midnight
(weekdays, the first of each month); with any other frequency, or several jobs or times, the words are left unread
and listed as such. Days with no time run at midnight.
"""

from __future__ import annotations

import re
from functools import cache

from ..kernel.errors import SpecError
from ..kernel.models import ComponentRequest, Decision
from .grammar import Item, grammar
from .params import data_file
from .readings import note

PREPOSITIONS = frozenset({"at", "a", "vers", "around"})  # "à" is "a" once normalised
NAMED = {"midnight": (0, 0), "minuit": (0, 0), "noon": (12, 0), "midi": (12, 0)}
_TWELVE = re.compile(r"^([0-9]{1,2})(am|pm)$")  # 2am, 11pm
_FRENCH = re.compile(r"^([0-9]{1,2})h([0-9]{2})?$")  # 3h, 14h30
_NUMBER = re.compile(r"^[0-9]{1,2}$")
_MINUTES_TWELVE = re.compile(r"^([0-9]{2})(am|pm)$")  # the "30pm" of 11:30pm
# the frequencies a time of day completes: daily, weekly (Mondays, as the clouds' own weekly runs); their unix
# cron's day-of-month month day-of-week; the vocabulary's unix crons at midnight (0 0 ...) complete the same way
DAYS_OF = {"rate(1 day)": "* * *", "rate(7 days)": "* * 1"}
WHEN = {"* * *": "every day", "* * 1-5": "every weekday (Monday to Friday)", "1 * *": "on the first of each month"}
_AT_MIDNIGHT = re.compile(r"^0 0 (\S+ \S+ \S+)$")
# the minutes in each unit of an interval, and the intervals every cloud's scheduler runs evenly (as
# toolkit/cron.py's rate_as_unix_cron): minutes dividing 60, hours dividing 24, a day or a week
UNITS = {"minutes": 1, "hours": 60, "days": 1440}
EVEN = {n * UNITS[unit]: (n, unit) for unit, counts in (("minutes", (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30)),
                                                        ("hours", (1, 2, 3, 4, 6, 8, 12)), ("days", (1, 7)))
        for n in counts}
# a weekly run's day, when the request names it ("every friday", "tous les vendredis"): unix cron's number
WEEKDAYS = {"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
            "dimanche": 0, "lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4, "vendredi": 5, "samedi": 6}
DAY_NAMES = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


def _rate(minutes: int) -> str:
    n, unit = EVEN[minutes]
    return f"rate({n} {unit if n > 1 else unit[:-1]})"


def _every(minutes: int) -> str:
    n, unit = EVEN[minutes]
    return f"every {n} {unit}" if n > 1 else f"every {unit[:-1]}"


@cache
def _patterns() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The vocabulary's "every {n} minutes" phrases: (their unit, their words)."""
    every = data_file("vocabulary.yaml")["schedule"]["every"]
    return tuple((unit, tuple(str(p).split())) for unit, phrases in every.items() for p in phrases)


@cache
def intervals() -> tuple[tuple[str, str], ...]:
    """(phrase, rate) of each interval every cloud's scheduler runs evenly, as the vocabulary's "every {n} minutes"
    phrases say it with a number or a count word of the grammar, in the largest unit it fills (every 120 minutes:
    rate(2 hours))."""
    found: list[tuple[str, str]] = []
    for unit, words in _patterns():
        for minutes in (m for m in EVEN if m % UNITS[unit] == 0 and m // UNITS[unit] > 1):
            n = minutes // UNITS[unit]
            for number in [str(n), *(w for w, c in grammar().counts.items() if c == n and not w.isdigit())]:
                if number.isdigit() or "{n}" in words:  # "toutes les 2h", never "toutes les deuxh"
                    found.append((" ".join(words).replace("{n}", number), _rate(minutes)))
    return tuple(found)


def _number(pattern: str, word: str) -> int | None:
    """The number ``word`` says where ``pattern`` (a word of a phrase, "{n}h") holds {n}, or None."""
    before, _, after = pattern.partition("{n}")
    middle = word[len(before) : len(word) - len(after)]
    if not (word.startswith(before) and word.endswith(after) and middle):
        return None
    return int(middle) if middle.isdigit() else grammar().counts.get(middle) or None


def _schedule(item: Item) -> str:
    """The schedule a word of the request says ("every 2 hours": rate(2 hours)), or ''."""
    term = item.term
    return str(dict(term.params).get("schedule", "")) if term and term.category == "component" else ""


def refuse_uneven(items: list[Item]) -> None:
    """An interval every cloud's scheduler cannot run evenly ("every 45 minutes", "toutes les 7 heures") is refused,
    naming the nearest ones it can; the even ones are the vocabulary's terms (:func:`intervals`)."""
    flat = [(item, word.text) for item in items for word in item.words]
    for unit, words in _patterns():
        for start in range(len(flat) - len(words) + 1):
            span = flat[start : start + len(words)]
            pairs = list(zip(words, span, strict=True))
            if any(p != t for p, (_, t) in pairs if "{n}" not in p):
                continue
            number, item = next((_number(p, t), item) for p, (item, t) in pairs if "{n}" in p)
            if number is None or item.used:
                continue  # no number, or words another reading took
            asked = number * UNITS[unit]
            if asked not in EVEN:
                near = [max((m for m in EVEN if m < asked), default=0), min((m for m in EVEN if m > asked), default=0)]
                raise SpecError(f"'{' '.join(t for _, t in span)}' is no interval every cloud's scheduler runs evenly "
                                "(minutes dividing 60, hours dividing 24, a day or a week): ask for "
                                + " or ".join(_every(m) for m in near if m))


def _twelve(hour: int, half: str) -> int | None:
    if not 1 <= hour <= 12:
        return None
    return hour % 12 + (12 if half == "pm" else 0)


def read_time(texts: list[str]) -> tuple[int, int, int] | None:
    """(hour, minute, words read) of a time of day at the start of ``texts`` (normalised words), or None."""
    first = texts[0] if texts else ""
    following = texts[1:3] + ["", ""]
    hour: int | None
    if first in NAMED:
        return (*NAMED[first], 1)
    if m := _TWELVE.match(first):
        hour, minute, used = _twelve(int(m.group(1)), m.group(2)), 0, 1
    elif m := _FRENCH.match(first):
        hour, minute, used = int(m.group(1)), int(m.group(2) or 0), 1
    elif _NUMBER.match(first):
        nxt, after = following[0], following[1]
        if nxt in ("am", "pm"):
            hour, minute, used = _twelve(int(first), nxt), 0, 2
        elif nxt == "h":
            minutes = after if _NUMBER.match(after) and len(after) == 2 else ""
            hour, minute, used = int(first), int(minutes or 0), 3 if minutes else 2
        elif _NUMBER.match(nxt) and len(nxt) == 2:  # 02:00 is read as 02 00
            half = after if after in ("am", "pm") else ""
            hour = _twelve(int(first), half) if half else int(first)
            minute, used = int(nxt), 3 if half else 2
        elif m := _MINUTES_TWELVE.match(nxt):
            hour, minute, used = _twelve(int(first), m.group(2)), int(m.group(1)), 2
        else:
            return None
    else:
        return None
    if hour is not None and texts[used : used + 2] in (["du", "matin"], ["du", "soir"]):  # 8h du soir
        hour, used = hour + (12 if texts[used + 1] == "soir" and hour < 12 else 0), used + 2
    if hour is None or not 0 <= hour <= 23 or not 0 <= minute <= 59:
        return None
    return hour, minute, used


def schedule_time(items: list[Item], components: list[ComponentRequest]) -> list[Decision]:
    """Read a time of day into the request's scheduled job (see the module); its words are then used. The note
    saying how the time was read, or none. An uneven interval is refused (:func:`refuse_uneven`)."""
    refuse_uneven(items)
    jobs = [c for c in components if c.kind == "scheduled_job"]
    flat = [(item, word.text) for item in items for word in item.words]
    found: list[tuple[int, int, list[Item], str]] = []
    for index, (_item, text) in enumerate(flat):
        if text not in PREPOSITIONS:
            continue
        read = read_time([t for _, t in flat[index + 1 : index + 7]])
        if read is None:
            continue
        hour, minute, count = read
        span = flat[index : index + 1 + count]
        if count < len(flat) - index - 1 and flat[index + 1 + count][1] == "utc":
            span = flat[index : index + 2 + count]
        covered = list({id(i): i for i, _ in span}.values())  # each unit once, in order (units are not hashable)
        if any(i.used and i.role != "stop" and i.category() != "filler" for i in covered[1:]) or any(
                len(i.words) != sum(1 for j, _ in span if j is i) for i in covered):
            continue  # words already read as something else, or a unit that goes beyond the time
        found.append((hour, minute, covered, " ".join(t for _, t in span)))
    days_named = sorted({WEEKDAYS[w.text.rstrip("s")] for item in items if _schedule(item) == "rate(7 days)"
                         for w in item.words if w.text.rstrip("s") in WEEKDAYS})
    if len(jobs) != 1 or len({(h, m) for h, m, _, _ in found}) > 1 or len(days_named) > 1:
        return []
    job = jobs[0]
    schedule = str(job.params.get("schedule", "rate(1 day)"))
    stated = _AT_MIDNIGHT.match(schedule)  # days the vocabulary writes as a unix cron: always read
    days = DAYS_OF.get(schedule) or (stated.group(1) if stated else None)
    if days is None or (not found and not days_named and not stated):
        return []  # a frequency a time of day does not complete (every hour at 2am), or nothing to read
    if days_named and days == "* * 1":
        days = f"* * {days_named[0]}"
    hour, minute = (found[0][0], found[0][1]) if found else (0, 0)
    job.params["schedule"] = f"{minute} {hour} {days}"
    for _h, _m, covered, _words in found:
        for item in covered:
            item.used = True
    when = WHEN.get(days) or f"every {DAY_NAMES[int(days.split()[2])]}"
    said = found[0][3] if found else next((i.text for i in items if _schedule(i) == schedule), " ".join(job.words))
    return [note("schedule-time", f"The job runs {when} at {hour:02d}:{minute:02d} UTC",
                 "A time of day is read in UTC (the clouds' schedulers default to it), midnight when none is "
                 f"given; the schedule is the unix cron {job.params['schedule']}, which each cloud writes in its "
                 "scheduler's own format.",
                 said, ["a time zone other than UTC: state the schedule and timezone in a spec"])]
