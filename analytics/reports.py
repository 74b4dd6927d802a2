"""The sections of the analytics pages: for each, a chart, a sentence that says what it shows and the table of its
numbers (also served as CSV). Built from the selectors' figures; no queries here."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from analytics import charts
from courses.models import VideoStatus


@dataclass
class Table:
    columns: list
    rows: list
    links: list = None  # on the page, each row's first cell links to this URL (the CSV has the plain rows)

    @property
    def page_rows(self):
        """The rows as the page shows them: each with its cells and the link of its first cell, if any."""
        links = self.links or [None] * len(self.rows)
        return [{"cells": row, "link": link} for row, link in zip(self.rows, links, strict=True)]


@dataclass
class Section:
    key: str
    heading: str
    summary: str
    chart: str
    table: Table


def _day(day):
    return date_format(day, "SHORT_DATE_FORMAT")


def _average(value):
    return round(value, 2) if value is not None else ""


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else ""


def _daily(key, heading, days, field, column, summary):
    points = [(_day(day["day"]), day[field]) for day in days]
    return Section(
        key=key,
        heading=heading,
        summary=summary,
        chart=charts.column_chart(points, title=heading, summary=summary),
        table=Table(columns=[_("Day"), column], rows=[[day["day"].isoformat(), day[field]] for day in days]),
    )


def _ratings_per_day(heading, days, totals):
    summary = (
        _("%(count)d ratings in the period, %(average)s stars on average.")
        % {"count": totals["ratings"], "average": _average(totals["average_rating"])}
        if totals["ratings"]
        else _("No ratings in the period.")
    )
    return Section(
        key="ratings",
        heading=heading,
        summary=summary,
        chart=charts.column_chart([(_day(day["day"]), day["ratings"]) for day in days], title=heading, summary=summary),
        table=Table(
            columns=[_("Day"), _("Ratings"), _("Average")],
            rows=[[day["day"].isoformat(), day["ratings"], _average(day["average_rating"])] for day in days],
        ),
    )


def overview_sections(overview):
    days, totals = overview.days, overview.totals
    busiest = max(days, key=lambda day: day["active_learners"]) if days else None
    sections = [
        _daily(
            "active",
            _("Active learners per day"),
            days,
            "active_learners",
            _("Active learners"),
            _("%(peak)s learners at the busiest day (%(day)s); %(average)s a day on average.")
            % {
                "peak": busiest["active_learners"] if busiest else 0,
                "day": _day(busiest["day"]) if busiest else "",
                "average": round(totals["active_learners"] / max(len(days), 1), 1),
            },
        ),
        _daily(
            "signups",
            _("Sign-ups per day"),
            days,
            "signups",
            _("Sign-ups"),
            ngettext("%(count)d new account in the period.", "%(count)d new accounts in the period.", totals["signups"])
            % {"count": totals["signups"]},
        ),
        _daily(
            "watched",
            _("Minutes watched per day"),
            days,
            "minutes_watched",
            _("Minutes"),
            _("%(minutes)s minutes of video watched in the period.") % {"minutes": totals["minutes_watched"]},
        ),
    ]
    sections.append(_ratings_per_day(_("Ratings per day"), days, totals))
    for key, heading, rows, field in (
        ("enrolments", _("Courses by enrolments"), overview.top_by_enrolments, "enrolments"),
        ("completions", _("Courses by completions"), overview.top_by_completions, "completions"),
    ):
        summary = (
            _("%(course)s leads with %(count)d.") % {"course": rows[0]["course__name"], "count": rows[0][field]}
            if rows
            else _("No course activity in the period.")
        )
        sections.append(
            Section(
                key=key,
                heading=heading,
                summary=summary,
                chart=charts.bar_chart(
                    [(row["course__name"], row[field]) for row in rows], title=heading, summary=summary
                ),
                table=Table(
                    columns=[_("Course"), _("Enrolments"), _("Completions")],
                    rows=[[row["course__name"], row["enrolments"], row["completions"]] for row in rows],
                ),
            )
        )
    for key, heading, rows, nothing in (
        ("searches", _("Most frequent searches"), overview.searches, _("No searches in the period.")),
        (
            "empty-searches",
            _("Most frequent searches with no results"),
            overview.empty_searches,
            _("Every search found something."),
        ),
    ):
        summary = (
            _("“%(term)s” comes first, %(count)d times.") % {"term": rows[0]["term"], "count": rows[0]["count"]}
            if rows
            else nothing
        )
        sections.append(
            Section(
                key=key,
                heading=heading,
                summary=summary,
                chart=charts.bar_chart([(row["term"], row["count"]) for row in rows], title=heading, summary=summary),
                table=Table(columns=[_("Search"), _("Times")], rows=[[row["term"], row["count"]] for row in rows]),
            )
        )
    states = dict(VideoStatus.choices)
    median = overview.video_median_seconds
    video_summary = (
        _("%(runs)d processing runs finished in the period; the median took %(seconds)s seconds.")
        % {"runs": overview.video_runs, "seconds": round(median, 1)}
        if median is not None
        else _("No video finished processing in the period.")
    )
    sections.append(
        Section(
            key="videos",
            heading=_("Video processing"),
            summary=video_summary,
            chart=charts.bar_chart(
                [(states.get(row["video_status"], row["video_status"]), row["count"]) for row in overview.video_states],
                title=_("Lesson videos by state"),
                summary=video_summary,
            ),
            table=Table(
                columns=[_("State"), _("Lessons")],
                rows=[
                    [states.get(row["video_status"], row["video_status"]), row["count"]]
                    for row in overview.video_states
                ],
            ),
        )
    )
    return sections


def _clock(seconds):
    if seconds is None:
        return ""
    return f"{seconds // 60}:{seconds % 60:02d}"


def course_sections(report):
    totals, lessons = report.totals, report.lessons
    steps = [
        (_("Enrolled"), totals["enrolments"]),
        *(
            (_("%(percent)d %% of lessons") % {"percent": percent}, totals[f"reached_{percent}"])
            for percent in (25, 50, 75)
        ),
        (_("All lessons"), totals["reached_100"]),
        (_("Exam passed"), totals["exam_passers"]),
        (_("Certificate issued"), totals["certificates"]),
    ]
    funnel_summary = _(
        "%(enrolled)d learners started the course in the period; %(finished)d finished every lesson (%(share)s %%)."
    ) % {
        "enrolled": totals["enrolments"],
        "finished": totals["reached_100"],
        "share": _share(totals["reached_100"], totals["enrolments"]) or 0,
    }
    sections = [
        Section(
            key="funnel",
            heading=_("Funnel"),
            summary=funnel_summary,
            chart=charts.bar_chart(steps, title=_("Funnel"), summary=funnel_summary),
            table=Table(
                columns=[_("Step"), _("Learners"), _("Share of enrolled (per cent)")],
                rows=[[label, value, _share(value, totals["enrolments"])] for label, value in steps],
            ),
        )
    ]
    weakest = min(
        (lesson for lesson in lessons if lesson["started"]),
        key=lambda lesson: (lesson["completed"] / lesson["started"], lesson["position"]),
        default=None,
    )
    dropoff_summary = (
        _(
            "Learners who started and who completed each lesson, in order. “%(lesson)s” keeps the fewest: "
            "%(share)s %% of those who start it complete it."
        )
        % {"lesson": weakest["name"], "share": _share(weakest["completed"], weakest["started"])}
        if weakest
        else _("No lesson was started in the period.")
    )
    sections.append(
        Section(
            key="lessons",
            heading=_("Drop-off by lesson"),
            summary=dropoff_summary,
            chart=charts.bar_chart(
                [(lesson["name"], [lesson["started"], lesson["completed"]]) for lesson in lessons],
                title=_("Drop-off by lesson"),
                summary=dropoff_summary,
                series=2,
                legend=(_("Started"), _("Completed")),
            ),
            table=Table(
                columns=[_("Lesson"), _("Started"), _("Completed"), _("Completed (per cent)")],
                rows=[
                    [
                        lesson["name"],
                        lesson["started"],
                        lesson["completed"],
                        _share(lesson["completed"], lesson["started"]),
                    ]
                    for lesson in lessons
                ],
            ),
        )
    )
    leave_summary = _(
        "Where learners stopped watching each lesson, on average, as a share of its length "
        "(a learner's last position of each day)."
    )
    sections.append(
        Section(
            key="leave",
            heading=_("Average leave position"),
            summary=leave_summary,
            chart=charts.bar_chart(
                [
                    (
                        lesson["name"],
                        (lesson["average_leave_seconds"] or 0) / lesson["duration_seconds"]
                        if lesson["duration_seconds"]
                        else 0,
                    )
                    for lesson in lessons
                ],
                title=_("Average leave position"),
                summary=leave_summary,
                maximum=1,
                percent=True,
            ),
            table=Table(
                columns=[_("Lesson"), _("Length (m:ss)"), _("Average leave (m:ss)"), _("Average leave (seconds)")],
                rows=[
                    [
                        lesson["name"],
                        _clock(lesson["duration_seconds"]),
                        _clock(lesson["average_leave_seconds"]),
                        "" if lesson["average_leave_seconds"] is None else lesson["average_leave_seconds"],
                    ]
                    for lesson in lessons
                ],
            ),
        )
    )
    ratings = _ratings_per_day(_("Ratings over time"), report.days, totals)
    sections.append(ratings)
    stars = [
        (ngettext("%(stars)d star", "%(stars)d stars", score) % {"stars": score}, totals[f"score_{score}"])
        for score in range(5, 0, -1)
    ]
    sections.append(
        Section(
            key="scores",
            heading=_("Rating distribution"),
            summary=ratings.summary,
            chart=charts.bar_chart(stars, title=_("Rating distribution"), summary=ratings.summary),
            table=Table(
                columns=[_("Stars"), _("Ratings"), _("Share of ratings (per cent)")],
                rows=[[label, value, _share(value, totals["ratings"])] for label, value in stars],
            ),
        )
    )
    exam_summary = (
        _("%(attempts)d attempts in the period; %(rate)s %% passed.")
        % {"attempts": totals["exam_attempts"], "rate": _share(totals["exam_passes"], totals["exam_attempts"])}
        if totals["exam_attempts"]
        else _("No exam attempts in the period.")
    )
    buckets = [
        ("100 %" if row["bucket"] == 10 else f"{row['bucket'] * 10}–{row['bucket'] * 10 + 9} %", row["attempts"])
        for row in report.score_buckets
    ]
    sections.append(
        Section(
            key="exam",
            heading=_("Exam scores"),
            summary=exam_summary,
            chart=charts.bar_chart(buckets, title=_("Exam scores"), summary=exam_summary),
            table=Table(columns=[_("Score"), _("Attempts")], rows=[list(bucket) for bucket in buckets]),
        )
    )
    questions = report.questions
    questions_summary = (
        _("Hardest first: “%(question)s” was answered right %(share)s %% of the time.")
        % {"question": questions[0]["text"], "share": _share(questions[0]["right"], questions[0]["answered"])}
        if questions
        else _("No exam answers in the period.")
    )
    sections.append(
        Section(
            key="questions",
            heading=_("Right answers by question"),
            summary=questions_summary,
            chart=charts.bar_chart(
                [(question["text"], question["share_right"]) for question in questions],
                title=_("Right answers by question"),
                summary=questions_summary,
                maximum=1,
                percent=True,
            ),
            table=Table(
                columns=[_("Question"), _("Answers"), _("Right"), _("Right (per cent)")],
                rows=[
                    [
                        question["text"],
                        question["answered"],
                        question["right"],
                        _share(question["right"], question["answered"]),
                    ]
                    for question in questions
                ],
            ),
        )
    )
    sections.append(_unanswered(report))
    return sections


def _unanswered(report):
    total, questions = report.totals["unanswered"], report.unanswered
    if not total:
        summary = _("Every question in the course's discussions has an accepted answer.")
    else:
        summary = ngettext(
            "%(total)d question in the course's discussions has no accepted answer yet",
            "%(total)d questions in the course's discussions have no accepted answer yet",
            total,
        ) % {"total": total}
        summary += (
            _("; the %(shown)d oldest are listed.") % {"shown": len(questions)}
            if len(questions) < total
            else _(", oldest first.")
        )
    return Section(
        key="unanswered",
        heading=_("Unanswered questions"),
        summary=summary,
        chart="",
        table=Table(
            columns=[
                _("Question"),
                _("Lesson"),
                _("Asked"),
                pgettext("column", "Votes"),
                pgettext("column", "Replies"),
            ],
            rows=[
                [
                    question["title"],
                    question["lesson"],
                    timezone.localtime(question["created_at"]).strftime("%Y-%m-%d %H:%M"),
                    question["votes"],
                    question["replies_count"],
                ]
                for question in questions
            ],
            links=[question["url"] for question in questions],
        ),
    )
