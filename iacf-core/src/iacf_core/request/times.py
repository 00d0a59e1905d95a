"""When a request's scheduled job runs: a time of day ("every night at 2am", "tous les jours à 3h", "at 02:00 UTC",
"à 14h30", "à minuit") completes its days as a unix cron (``30 2 * * *``) every cloud reads; an interval ("every
45 minutes") every cloud's scheduler cannot run evenly is refused.

A time is read only after "at" / "à" / "vers" / "around", with a mark that makes it a time (am/pm, h, minutes,
midnight/noon): "at 2" alone is no time. It sets the job's schedule when the request asks for a daily run (or
states no frequency), a weekly one (Mondays), or runs on days the vocabulary writes as a unix cron at midnight
(weekdays, the first of each month); with any other frequency, or several jobs or times, the words are left unread
and listed as such. Days with no time run at midnight. A time written as a clock's but that no clock shows
("at 25:00", "at 13pm", "à 14h75") is refused.

A time is in UTC unless the request names a time zone: an IANA name ("Europe/Paris"), a place with a time word ("à
2h heure de Paris", "2am Paris time") or an abbreviation right after the time ("at 2am CET"). The zone is read
before regions (its place is no region) and becomes the job's ``timezone`` where the cloud's scheduler takes one;
elsewhere it is refused (give the time in UTC).
"""

from __future__ import annotations

import re
import zoneinfo
from functools import cache

from pydantic import ValidationError

from ..kernel.errors import SpecError
from ..kernel.models import ComponentRequest, Decision
from ..kernel.registry import Registry
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


# a time zone: an IANA name's first part; the words saying a place is a time zone, before it ("heure de Paris",
# "fuseau horaire de Paris", "timezone Europe/Paris") or after it ("Paris time", "Paris local time")
_AREAS = ("africa", "america", "antarctica", "arctic", "asia", "atlantic", "australia", "europe", "indian", "pacific",
          "etc")
_IANA = re.compile(r"^[A-Za-z]+(/[A-Za-z0-9_+-]+)+$")
_ZONE_BEFORE = frozenset({"heure", "fuseau", "timezone", "tz"})
_ZONE_LINKS = frozenset({"de", "d", "du", "horaire", "locale", "zone", "of", "in"})
_ZONE_AFTER = frozenset({"time", "timezone"})


def zone_name(original: str) -> str | None:
    """The IANA time zone a word names ("Europe/Paris", "america/new_york"), or None."""
    if not _IANA.match(original) or original.split("/")[0].lower() not in _AREAS:
        return None
    cased = "/".join("_".join(s.capitalize() for s in part.split("_")) for part in original.split("/"))
    for name in dict.fromkeys((original, cased)):
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            continue
        return name
    return None


@cache
def _abbreviations() -> dict[str, str]:
    """Abbreviation written right after a time ("2am CET") → IANA zone."""
    return {str(k): str(v) for k, v in data_file("vocabulary.yaml")["time_zones"]["abbreviations"].items()}


@cache
def _places() -> dict[str, str]:
    """Place → IANA zone: each IANA city by its name ("new york"), then the vocabulary's ("londres", "french")."""
    places: dict[str, str] = {}
    for name in sorted(zoneinfo.available_timezones()):
        area, _, city = name.rpartition("/")
        if area.split("/")[0].lower() in _AREAS and city:
            places.setdefault(city.replace("_", " ").lower(), name)
    places.update({str(k): str(v) for k, v in data_file("vocabulary.yaml")["time_zones"]["places"].items()})
    return places


def _marks_after(texts: list[str], end: int) -> int:
    """How many words at ``end`` say the place before them is a time zone ("time", "local time", "time zone")."""
    n = 1 if texts[end : end + 1] == ["local"] else 0
    if texts[end + n : end + n + 2] == ["time", "zone"]:
        return n + 2
    return n + 1 if texts[end + n : end + n + 1] in (["time"], ["timezone"]) else 0


def time_zones(items: list[Item]) -> list[tuple[str, str, list[Item]]]:
    """The time zones the request names, (IANA name, words, units), in order; their units become ``timezone``
    units (no region: "heure de Paris"), not used until a job's time takes them (:func:`schedule_time`)."""
    flat = [(item, word) for at, item in enumerate(items) for word in item.words
            if at == 0 or items[at - 1].words[0] is not item.words[0]]  # a word of several terms ("paris") once
    texts = [w.text for _, w in flat]
    starting: dict[int, list[int]] = {}  # a word → the units it starts (several for a word of several terms)
    for at, item in enumerate(items):
        starting.setdefault(id(item.words[0]), []).append(at)
    found: list[tuple[str, str, list[Item]]] = []
    k = 0
    while k < len(flat):
        zone, size, start = zone_name(flat[k][1].original), 1, k
        while start > 0 and texts[start - 1] in _ZONE_LINKS | _ZONE_BEFORE | {"time"}:
            start -= 1  # over "heure de", "fuseau horaire de", "time zone"
        while start < k and texts[start] not in _ZONE_BEFORE and texts[start : start + 2] != ["time", "zone"]:
            start += 1  # "une base de Paris": no time word before the place
        if zone is None and (start < k or _marks_after(texts, k + 1) or _marks_after(texts, k + 2)):
            places = _places()
            size = next((n for n in (2, 1) if " ".join(texts[k : k + n]) in places), 0)
            zone = places.get(" ".join(texts[k : k + size])) if size else None
        end = k + max(size, 1)
        end += _marks_after(texts, end)
        if zone is None or not (start < k or end > k + size or "/" in texts[k]) \
                or len({w.clause for _, w in flat[start:end]}) > 1:
            k += 1
            continue
        span = {id(w) for _, w in flat[start:end]}  # the units the zone's words start, each within them
        covered = [items[at] for at in sorted({at for _, w in flat[start:end] for at in starting.get(id(w), [])})]
        if any(not all(id(v) in span for v in i.words) for i in covered):
            k += 1
            continue
        for item in covered:
            item.role, item.term, item.used = "timezone", None, False
        found.append((zone, " ".join(texts[start:end]), covered))
        k = end
    return found


_OFFSET = re.compile(r"^(?:utc|gmt)([+-])([0-9]{1,2})(?:00)?$")  # UTC+2, GMT-5, utc+0100


def _zone_after(text: str, original: str) -> str | None:
    """The time zone a word right after a time names ("UTC", "CET", "UTC+2": Etc/GMT-2), or None. A word written like
    a zone's abbreviation that iacf does not read ("IST": India, Israel or Ireland) is refused, not left as UTC."""
    if text in _abbreviations():
        return _abbreviations()[text]
    offset = _OFFSET.match(text)
    hours = int(offset.group(2)) if offset else 0
    zone = "UTC" if offset and not hours else f"Etc/GMT{'-' if offset.group(1) == '+' else '+'}{hours}" \
        if offset else None
    if (zone is None or zone_name(zone) is None) and (offset or re.fullmatch(r"[A-Z]{1,4}T", original)):
        raise SpecError(f"'{original}' after the time is no time zone iacf reads: name the zone (Europe/Paris, "
                        "America/New_York) or give the time in UTC")
    return zone


def zone_taken(registry: Registry, cloud: str, zone: str) -> bool:
    """Whether the cloud's scheduled jobs take ``zone`` as their time zone (their ``timezone`` parameter)."""
    model = registry.params_model("scheduled_job", cloud)
    if model is None or "timezone" not in model.model_fields:
        return False
    try:
        model.model_validate({"timezone": zone})
    except ValidationError:
        return False
    return True


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


def impossible_time(texts: list[str]) -> str | None:
    """How a time of day at the start of ``texts`` (normalised words) is written when it has a clock's shape but
    no clock shows it ("25:00", "10:75", "13pm", "14h75"), or None. An hour alone with "h" ("25h") may be a
    duration: it is no clock's shape."""
    first, nxt, after = (texts + ["", "", ""])[:3]
    twelve = _TWELVE.match(first)
    french = _FRENCH.match(first)
    if twelve:
        return first if _twelve(int(twelve.group(1)), twelve.group(2)) is None else None
    if french and french.group(2):
        return first if int(french.group(1)) > 23 or int(french.group(2)) > 59 else None
    if not _NUMBER.match(first):
        return None
    if nxt in ("am", "pm"):
        return f"{first} {nxt}" if _twelve(int(first), nxt) is None else None
    if nxt == "h" and _NUMBER.match(after) and len(after) == 2:
        return f"{first}h{after}" if int(first) > 23 or int(after) > 59 else None
    minutes = _MINUTES_TWELVE.match(nxt)
    if minutes:
        bad = _twelve(int(first), minutes.group(2)) is None or int(minutes.group(1)) > 59
        return f"{first}:{nxt}" if bad else None
    if _NUMBER.match(nxt) and len(nxt) == 2:
        half = after if after in ("am", "pm") else ""
        bad = (_twelve(int(first), half) is None if half else int(first) > 23) or int(nxt) > 59
        return f"{first}:{nxt}{' ' + half if half else ''}" if bad else None
    return None


def schedule_time(items: list[Item], components: list[ComponentRequest],
                  zones: list[tuple[str, str, list[Item]]] | None = None, registry: Registry | None = None,
                  cloud: str = "") -> list[Decision]:
    """Read a time of day, and the time zone ``zones`` or an abbreviation after it names, into the request's
    scheduled job (see the module); their words are then used. The note saying how the time was read, or none. An
    uneven interval is refused (:func:`refuse_uneven`), and so is a time zone the ``cloud``'s scheduler does not
    take."""
    refuse_uneven(items)
    jobs = [c for c in components if c.kind == "scheduled_job"]
    flat = [(item, word.text) for item in items for word in item.words]
    originals = [word.original for item in items for word in item.words]
    found: list[tuple[int, int, list[Item], str, str | None]] = []
    for index, (_item, text) in enumerate(flat):
        if text not in PREPOSITIONS:
            continue
        read = read_time([t for _, t in flat[index + 1 : index + 7]])
        if read is None:
            wrong = impossible_time([t for _, t in flat[index + 1 : index + 4]])
            if wrong is not None and not any(i.used and i.role != "stop" and i.category() != "filler"
                                             for i, _ in flat[index + 1 : index + 3]):
                said = f"{'à' if text == 'a' else text} {wrong}"
                raise SpecError(f"'{said}' is no time of day (hours 0 to 23, or 1 to 12 with am/pm; minutes 0 to "
                                "59): give one such as 'at 23:00' or 'at 11pm'")
            continue
        hour, minute, count = read
        zone = _zone_after(flat[index + 1 + count][1], originals[index + 1 + count]) \
            if count < len(flat) - index - 1 else None
        span = flat[index : index + 1 + count + (zone is not None)]  # "at 2am UTC", "à 2h CET"
        covered = list({id(i): i for i, _ in span}.values())  # each unit once, in order (units are not hashable)
        if any(i.used and i.role != "stop" and i.category() != "filler" for i in covered[1:]) or any(
                len(i.words) != sum(1 for j, _ in span if j is i) for i in covered):
            continue  # words already read as something else, or a unit that goes beyond the time
        found.append((hour, minute, covered, " ".join(t for _, t in span), zone))
    days_named = sorted({WEEKDAYS[w.text.rstrip("s")] for item in items if _schedule(item) == "rate(7 days)"
                         for w in item.words if w.text.rstrip("s") in WEEKDAYS})
    named = {zone for *_, zone in found if zone} | {zone for zone, _, _ in zones or []}
    if len(jobs) != 1 or len({(h, m) for h, m, *_ in found}) > 1 or len(days_named) > 1 or len(named) > 1:
        return []
    job = jobs[0]
    schedule = str(job.params.get("schedule", "rate(1 day)"))
    stated = _AT_MIDNIGHT.match(schedule)  # days the vocabulary writes as a unix cron: always read
    days = DAYS_OF.get(schedule) or (stated.group(1) if stated else None)
    if days is None or (not found and not days_named and not stated):
        return []  # a frequency a time of day does not complete (every hour at 2am), or nothing to read
    if days_named and days == "* * 1":
        days = f"* * {days_named[0]}"
    zone = named.pop() if named else "UTC"
    zone_said = next((w for z, w, _ in zones or [] if z == zone), next((f[3] for f in found if f[4]), zone))
    if zone != "UTC" and registry is not None and not zone_taken(registry, cloud, zone):
        raise SpecError(f"'{zone_said}': scheduled jobs on {cloud} run in UTC (no time zone): give the time in UTC "
                        "('at 1am UTC')")
    hour, minute = (found[0][0], found[0][1]) if found else (0, 0)
    job.params["schedule"] = f"{minute} {hour} {days}"
    if zone != "UTC":
        job.params["timezone"] = zone
    for item in [i for f in found for i in f[2]] + [i for _, _, units in zones or [] for i in units]:
        item.used = True
    when = WHEN.get(days) or f"every {DAY_NAMES[int(days.split()[2])]}"
    said = found[0][3] if found else next((i.text for i in items if _schedule(i) == schedule), " ".join(job.words))
    zone_read = "in UTC (the clouds' schedulers default to it)" if zone == "UTC" else \
        f"in the time zone the request names ({zone}: '{zone_said}'), which the scheduler applies, summer time included"
    return [note("schedule-time", f"The job runs {when} at {hour:02d}:{minute:02d} {zone}",
                 f"A time of day is read {zone_read}, midnight when none is given; the schedule is the unix cron "
                 f"{job.params['schedule']}, which each cloud writes in its scheduler's own format.",
                 said, ["a time zone other than UTC: state the schedule and timezone in a spec" if zone == "UTC"
                        else "a time in UTC: write it with UTC ('at 1am UTC')"])]
