"""A time of day in a request sets the scheduled job's schedule (a unix cron), on the fake cloud."""

from __future__ import annotations

import pytest

from iacf_core.request.parser import parse_request
from iacf_core.request.times import read_time


@pytest.mark.parametrize(("words", "read"), [
    (["2am"], (2, 0, 1)), (["12am"], (0, 0, 1)), (["12pm"], (12, 0, 1)), (["11", "30pm"], (23, 30, 2)),
    (["2", "am"], (2, 0, 2)), (["3h"], (3, 0, 1)), (["14h30"], (14, 30, 1)), (["3", "h", "15"], (3, 15, 3)),
    (["02", "00"], (2, 0, 2)), (["7", "45", "pm"], (19, 45, 3)), (["minuit"], (0, 0, 1)), (["noon"], (12, 0, 1)),
    (["8h", "du", "soir"], (20, 0, 3)), (["3", "h", "du", "matin"], (3, 0, 4)),
    (["2"], None), (["25h"], None), (["13pm"], None), (["3", "h", "70"], None), (["12", "75"], None),
    (["every"], None), ([], None),
])
def test_read_time(words, read):
    assert read_time(words) == read


@pytest.mark.parametrize(("text", "schedule"), [
    ("A scheduled job every night at 2am", "0 2 * * *"),
    ("Une tâche planifiée tous les jours à 14h30", "30 14 * * *"),
    ("Un job planifié chaque semaine à 8h du soir", "0 20 * * 1"),
    ("A scheduled job at 02:00 UTC", "0 2 * * *"),
    ("A nightly job at 11:30pm", "30 23 * * *"),
    ("Une tâche planifiée à minuit", "0 0 * * *"),
    ("A function every Monday at 9am", "0 9 * * 1"),  # a function run on a schedule is a job
    ("Un job tous les vendredis à 18h", "0 18 * * 5"),
    ("Un job Python tous les lundis à 8h", "0 8 * * 1"),  # the language between the job word and its schedule
    ("A scheduled job every sunday", "0 0 * * 0"),  # a day and no time: midnight
    ("A scheduled job every week at 2am", "0 2 * * 1"),  # a week and no day: Mondays
])
def test_a_time_of_day_sets_the_job_s_schedule(plugins, text, schedule):
    result = parse_request(text, plugins.registry)
    (job,) = [c for c in result.spec.components if c.kind == "scheduled_job"]
    assert job.params["schedule"] == schedule
    assert result.unused == []
    (note,) = [n for n in result.notes if n.id == "core.request.schedule-time"]
    minute, hour, _dom, _month, day = schedule.split()
    assert f"at {int(hour):02d}:{int(minute):02d} UTC" in note.title and schedule in note.why
    assert ("every day" if day == "*" else "every " + ("Sunday", "Monday", "Friday")[(0, 1, 5).index(int(day))]) \
        in note.title


@pytest.mark.parametrize(("text", "unused"), [
    ("A scheduled job every hour at 2am", ["2am"]),  # a time does not complete an hourly run
    ("A scheduled job at 2", ["2"]),  # no mark of a time
    ("A scheduled job at 25h", ["25h"]),
    ("A web app at 2am", ["2am"]),  # no job
    ("Two scheduled jobs, one at 2am and one at 3am", ["2am", "3am"]),
    ("A scheduled job every monday and every friday at 2am", ["2am"]),  # two days: a spec says which
])
def test_a_time_that_cannot_be_read_is_left_unread(plugins, text, unused):
    result = parse_request(text, plugins.registry)
    assert result.unused == unused
    assert "core.request.schedule-time" not in [n.id for n in result.notes]
    assert not [c.params["schedule"] for c in result.spec.components if "*" in str(c.params.get("schedule", ""))]


@pytest.mark.parametrize(("text", "schedule"), [
    # every N minutes / hours / days, digits or count words, read as a rate in the largest unit it fills
    ("A function every 30 minutes", "rate(30 minutes)"),  # a function run on a schedule is a job
    ("Une fonction toutes les 2 heures", "rate(2 hours)"),
    ("A cron job every 2 hours", "rate(2 hours)"),
    ("A scheduled job every 6 hours", "rate(6 hours)"),
    ("A job every ten minutes", "rate(10 minutes)"),
    ("Un job toutes les vingt minutes", "rate(20 minutes)"),
    ("A function every twelve hours", "rate(12 hours)"),
    ("Une fonction toutes les douze heures", "rate(12 hours)"),
    ("Un job toutes les deux heures", "rate(2 hours)"),
    ("A job every 5 mins", "rate(5 minutes)"),
    ("Un job toutes les 3h", "rate(3 hours)"),
    ("A job every 120 minutes", "rate(2 hours)"),
    ("A job every 240 minutes", "rate(4 hours)"),
    ("A job every 24 hours", "rate(1 day)"),
    ("Un job tous les 7 jours", "rate(7 days)"),
    ("A job every minute", "rate(1 minute)"),
    ("Un job toutes les demi-heures", "rate(30 minutes)"),
    # the forms read before, unchanged
    ("A function every 5 minutes", "rate(5 minutes)"),
    ("Un job toutes les 5 minutes", "rate(5 minutes)"),
    ("A scheduled job every 15 minutes", "rate(15 minutes)"),
    ("A scheduled job every quarter hour", "rate(15 minutes)"),
    ("A function every hour", "rate(1 hour)"),
    ("Une tâche planifiée toutes les heures", "rate(1 hour)"),
    ("A nightly job", "rate(1 day)"),
    ("Un job hebdomadaire", "rate(7 days)"),
])
def test_an_interval_sets_the_job_s_rate(plugins, text, schedule):
    result = parse_request(text, plugins.registry)
    (job,) = result.spec.components
    assert (job.kind, job.params["schedule"]) == ("scheduled_job", schedule)
    assert result.unused == []


@pytest.mark.parametrize(("text", "schedule", "when"), [
    ("A scheduled job every weekday at 2:30 am", "30 2 * * 1-5", "every weekday (Monday to Friday) at 02:30"),
    ("A function every weekday at 7pm", "0 19 * * 1-5", "every weekday (Monday to Friday) at 19:00"),
    ("A job on weekdays", "0 0 * * 1-5", "every weekday (Monday to Friday) at 00:00"),  # no time: midnight
    ("A function Monday to Friday at 8:15", "15 8 * * 1-5", "every weekday (Monday to Friday) at 08:15"),
    ("Un job du lundi au vendredi à 7h", "0 7 * * 1-5", "every weekday (Monday to Friday) at 07:00"),
    ("Une fonction les jours ouvrés à 18h30", "30 18 * * 1-5", "every weekday (Monday to Friday) at 18:30"),
    ("Un job en semaine", "0 0 * * 1-5", "every weekday (Monday to Friday) at 00:00"),
    ("A monthly job at 6am", "0 6 1 * *", "on the first of each month at 06:00"),
    ("A function on the first of each month", "0 0 1 * *", "on the first of each month at 00:00"),
    ("A job every month at noon", "0 12 1 * *", "on the first of each month at 12:00"),
    ("Une fonction le premier de chaque mois à 6h", "0 6 1 * *", "on the first of each month at 06:00"),
    ("Un job tous les mois à 3h du matin", "0 3 1 * *", "on the first of each month at 03:00"),
    ("Un traitement planifié mensuel", "0 0 1 * *", "on the first of each month at 00:00"),
    ("Un job tous les jours à 6h", "0 6 * * *", "every day at 06:00"),  # "à 6h" as before
])
def test_weekdays_and_months_set_the_job_s_days(plugins, text, schedule, when):
    result = parse_request(text, plugins.registry)
    (job,) = result.spec.components
    assert (job.kind, job.params["schedule"]) == ("scheduled_job", schedule)
    assert result.unused == []
    (note,) = [n for n in result.notes if n.id == "core.request.schedule-time"]
    assert note.title == f"The job runs {when} UTC" and schedule in note.why


@pytest.mark.parametrize(("request_", "asked", "offered"), [
    ("A job every 45 minutes on FakeCloud", "every 45 minutes", "every 30 minutes or every hour"),
    ("Un job toutes les 45 minutes sur FakeCloud", "toutes les 45 minutes", "every 30 minutes or every hour"),
    ("A function every 7 hours on FakeCloud", "every 7 hours", "every 6 hours or every 8 hours"),
    ("Une fonction toutes les sept heures sur FakeCloud", "toutes les sept heures", "every 6 hours or every 8 hours"),
    ("A job every 90 minutes on FakeCloud", "every 90 minutes", "every hour or every 2 hours"),
    ("A job every two days on FakeCloud", "every two days", "every day or every 7 days"),
    ("Un job tous les 10 jours sur FakeCloud", "tous les 10 jours", "every 7 days"),
    ("A job every 500 minutes on FakeCloud", "every 500 minutes", "every 8 hours or every 12 hours"),
    ("Un job toutes les 7h sur FakeCloud", "toutes les 7h", "every 6 hours or every 8 hours"),
])
def test_an_uneven_interval_is_refused_naming_the_nearest(fake_cli, tmp_path, request_, asked, offered):
    res = fake_cli("generate", request_, "--out", str(tmp_path / "o"))
    assert res.exit_code == 2
    (line,) = res.stderr.strip().splitlines()
    assert f"'{asked}'" in line and line.endswith(f"ask for {offered}")
    assert not (tmp_path / "o").exists()


def test_the_even_intervals_are_the_clouds_own():
    from iacf_core.request.times import EVEN
    from iacf_core.toolkit.cron import rate_as_unix_cron

    for unit, size, most in (("minutes", 1, 59), ("hours", 60, 23), ("days", 1440, 31)):
        for n in range(1, most + 1):
            even = rate_as_unix_cron(n, unit if n > 1 else unit[:-1])[0] is not None
            assert (n * size in EVEN) == even, (n, unit)
