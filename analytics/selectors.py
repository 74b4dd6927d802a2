"""What the analytics pages and /me/ show, read from the daily rollups (and, for a course's unanswered questions,
from the community's selector): a fixed, small number of queries whatever the period or the size of the catalog."""

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from analytics.models import CourseDay, LearnerDay, LessonDay, QuestionDay, ScoreDay, SearchDay, SiteDay, VideoRun
from community import selectors as community_selectors
from courses.models import Lesson
from learning.models import Question

TOP_COURSES = 10
TOP_SEARCHES = 20
STREAK_LOOKBACK_DAYS = 366
WEEK_DAYS = 7


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @property
    def days(self):
        return [self.first + timedelta(days=offset) for offset in range((self.last - self.first).days + 1)]

    @classmethod
    def last_days(cls, count, *, today=None):
        today = today or timezone.localdate()
        return cls(first=today - timedelta(days=count - 1), last=today)


def _series(rows, period, *fields):
    """One dict per day of the period, zeros where no row was kept."""
    by_day = {row["day"]: row for row in rows}
    return [{"day": day, **{name: by_day.get(day, {}).get(name, 0) or 0 for name in fields}} for day in period.days]


def _ratio(part, whole):
    return part / whole if whole else None


SITE_FIELDS = ("active_learners", "signups", "seconds_watched", "ratings", "rating_points", "lessons_completed")


@dataclass
class SiteOverview:
    days: list
    top_by_enrolments: list
    top_by_completions: list
    searches: list
    empty_searches: list
    video_states: list
    video_median_seconds: float | None
    video_runs: int
    totals: dict = field(default_factory=dict)


def site_overview(*, period):
    """Seven queries."""
    rows = SiteDay.objects.filter(day__gte=period.first, day__lte=period.last).values("day", *SITE_FIELDS)
    days = _series(rows, period, *SITE_FIELDS)
    for day in days:
        day["minutes_watched"] = round(day["seconds_watched"] / 60)
        day["average_rating"] = _ratio(day["rating_points"], day["ratings"])
    totals = {name: sum(day[name] for day in days) for name in (*SITE_FIELDS, "minutes_watched")}
    totals["average_rating"] = _ratio(totals["rating_points"], totals["ratings"])
    # Only the days with enrolments or completions (two partial indexes), not every course's day of ratings.
    course_days = (
        CourseDay.objects.filter(day__gte=period.first, day__lte=period.last)
        .filter(Q(enrolments__gt=0) | Q(reached_100__gt=0))
        .values("course_id", "course__name", "course__slug")
        .annotate(enrolments=Sum("enrolments"), completions=Sum("reached_100"))
    )
    searches = SearchDay.objects.filter(day__gte=period.first, day__lte=period.last).values("term")
    runs = sorted(
        VideoRun.objects.filter(day__gte=period.first, day__lte=period.last).values_list("seconds", flat=True)
    )
    return SiteOverview(
        days=days,
        totals=totals,
        top_by_enrolments=list(course_days.filter(enrolments__gt=0).order_by("-enrolments", "course_id")[:TOP_COURSES]),
        top_by_completions=list(
            course_days.filter(completions__gt=0).order_by("-completions", "course_id")[:TOP_COURSES]
        ),
        searches=list(searches.annotate(count=Sum("searches")).order_by("-count", "term")[:TOP_SEARCHES]),
        empty_searches=list(
            searches.annotate(count=Sum("empty")).filter(count__gt=0).order_by("-count", "term")[:TOP_SEARCHES]
        ),
        video_states=list(
            Lesson.all_objects.filter(video_status__in=set(Lesson.VideoStatus.values) - {Lesson.VideoStatus.NONE})
            .values("video_status")
            .annotate(count=Count("id"))
            .order_by("video_status")
        ),
        video_median_seconds=statistics.median(runs) if runs else None,
        video_runs=len(runs),
    )


COURSE_FIELDS = (
    "enrolments",
    "reached_25",
    "reached_50",
    "reached_75",
    "reached_100",
    "exam_attempts",
    "exam_passes",
    "exam_passers",
    "certificates",
    "ratings",
    "rating_points",
    "score_1",
    "score_2",
    "score_3",
    "score_4",
    "score_5",
    "seconds_watched",
)


@dataclass
class CourseAnalytics:
    days: list
    totals: dict
    lessons: list
    score_buckets: list
    questions: list
    unanswered: list


def course_analytics(*, course, period):
    """Six queries: five of the period's figures and one for the discussion's unanswered questions (the oldest
    first, whenever they were asked: a question waiting for an answer is work to do whatever the period)."""
    in_period = {"course_id": course.pk, "day__gte": period.first, "day__lte": period.last}
    days = _series(CourseDay.objects.filter(**in_period).values("day", *COURSE_FIELDS), period, *COURSE_FIELDS)
    for day in days:
        day["average_rating"] = _ratio(day["rating_points"], day["ratings"])
    totals = {name: sum(day[name] for day in days) for name in COURSE_FIELDS}
    totals["average_rating"] = _ratio(totals["rating_points"], totals["ratings"])
    totals["pass_rate"] = _ratio(totals["exam_passes"], totals["exam_attempts"])
    lesson_rows = {
        row["lesson_id"]: row
        for row in LessonDay.objects.filter(**in_period)
        .values("lesson_id")
        .annotate(
            started=Sum("started"),
            completed=Sum("completed"),
            leaves=Sum("leaves"),
            leave_total=Sum("leave_position_total"),
        )
    }
    lessons = []
    for lesson in (
        Lesson.objects.filter(course=course)
        .order_by("position", "id")
        .values("id", "name", "position", "duration_seconds")
    ):
        row = lesson_rows.get(lesson["id"], {})
        leave = _ratio(row.get("leave_total") or 0, row.get("leaves") or 0)
        lessons.append(
            {
                **lesson,
                "started": row.get("started") or 0,
                "completed": row.get("completed") or 0,
                "average_leave_seconds": round(leave) if leave is not None else None,
            }
        )
    buckets = dict(
        ScoreDay.objects.filter(**in_period).values_list("bucket").annotate(attempts=Sum("attempts")).order_by()
    )
    question_rows = {
        row["question_id"]: row
        for row in QuestionDay.objects.filter(**in_period)
        .values("question_id")
        .annotate(answered=Sum("answered"), right=Sum("right"))
    }
    questions = []
    for question in Question.objects.filter(exam__course=course).order_by("position", "id").values("id", "text"):
        row = question_rows.get(question["id"])
        if row and row["answered"]:
            questions.append({**question, **row, "share_right": row["right"] / row["answered"]})
    questions.sort(key=lambda question: (question["share_right"], question["id"]))
    totals["unanswered"], unanswered = community_selectors.unanswered_questions(course=course)
    return CourseAnalytics(
        days=days,
        totals=totals,
        lessons=lessons,
        score_buckets=[{"bucket": bucket, "attempts": buckets.get(bucket, 0)} for bucket in range(11)],
        questions=questions,
        unanswered=unanswered,
    )


@dataclass
class LearnerWeek:
    days: list
    streak: int
    lessons_this_month: int
    minutes_this_week: int


def learner_week(*, user, today=None):
    """One query: the learner's days of the last year, for the week's minutes, the streak and the month."""
    today = today or timezone.localdate()
    since = min(today - timedelta(days=STREAK_LOOKBACK_DAYS), today.replace(day=1))
    rows = {
        row["day"]: row
        for row in LearnerDay.objects.filter(user_id=user.pk, day__gte=since, day__lte=today).values(
            "day", "seconds_watched", "lessons_completed"
        )
    }
    week = [today - timedelta(days=offset) for offset in range(WEEK_DAYS - 1, -1, -1)]
    days = [
        {"day": day, "minutes_watched": round((rows[day]["seconds_watched"] if day in rows else 0) / 60)}
        for day in week
    ]
    # A streak counts up to today, or up to yesterday while today has not started yet.
    streak, day = 0, today if today in rows else today - timedelta(days=1)
    while day in rows:
        streak += 1
        day -= timedelta(days=1)
    month_start = today.replace(day=1)
    return LearnerWeek(
        days=days,
        streak=streak,
        lessons_this_month=sum(row["lessons_completed"] for day, row in rows.items() if day >= month_start),
        minutes_this_week=sum(day["minutes_watched"] for day in days),
    )
