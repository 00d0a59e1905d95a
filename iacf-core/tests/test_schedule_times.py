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
