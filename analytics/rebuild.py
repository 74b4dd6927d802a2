"""Recompute the rollups of a day from the raw rows: watch logs, lesson progress, ratings, exam attempts,
certificates and accounts. The nightly task runs it for the days just ended; it gives the numbers the running
rollups (analytics.services) kept, so either can be trusted. Searches have no raw rows (who searched is never
stored), so their counts are kept as they are."""

from collections import Counter, defaultdict
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from analytics.models import CourseDay, LearnerDay, LessonDay, QuestionDay, ScoreDay, SiteDay, WatchLog
from analytics.services import score_bucket, thresholds_reached
from courses.models import Lesson
from learning.models import Certificate, Choice, ExamAttempt, LessonProgress, Question, Rating


def day_bounds(day):
    """The day's first instant and the next day's, in the site's time zone."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _counter():
    return defaultdict(Counter)


@transaction.atomic
def day_rebuild(*, day):
    """Replace every rollup row of ``day`` (but the searches') with figures counted from the raw rows."""
    start, end = day_bounds(day)
    site = Counter()
    courses, lessons, learners, scores, questions = _counter(), _counter(), _counter(), _counter(), _counter()
    lesson_course = {}

    for log in WatchLog.objects.filter(day=day).values(
        "user_id", "lesson_id", "course_id", "seconds", "position_seconds"
    ):
        lesson_course[log["lesson_id"]] = log["course_id"]
        learners[log["user_id"]]["seconds_watched"] += log["seconds"]
        lesson = lessons[log["lesson_id"]]
        lesson["seconds_watched"] += log["seconds"]
        lesson["leaves"] += 1
        lesson["leave_position_total"] += log["position_seconds"]
        courses[log["course_id"]]["seconds_watched"] += log["seconds"]
        site["seconds_watched"] += log["seconds"]
    site["active_learners"] = len(learners)

    started = LessonProgress.objects.filter(created_at__gte=start, created_at__lt=end)
    for row in started.values("lesson_id", "lesson__course_id").annotate(n=Count("id")):
        lesson_course[row["lesson_id"]] = row["lesson__course_id"]
        lessons[row["lesson_id"]]["started"] += row["n"]
    started_pairs = set(started.values_list("user_id", "lesson__course_id"))
    earlier = LessonProgress.objects.filter(
        created_at__lt=start,
        user_id__in={user_id for user_id, _course in started_pairs},
        lesson__course_id__in={course_id for _user, course_id in started_pairs},
    ).values_list("user_id", "lesson__course_id")
    for _user_id, course_id in started_pairs - set(earlier):
        courses[course_id]["enrolments"] += 1

    completions = list(
        LessonProgress.objects.filter(completed_at__gte=start, completed_at__lt=end).values(
            "user_id", "lesson_id", "lesson__course_id"
        )
    )
    for row in completions:
        lesson_course[row["lesson_id"]] = row["lesson__course_id"]
        lessons[row["lesson_id"]]["completed"] += 1
        courses[row["lesson__course_id"]]["lessons_completed"] += 1
        learners[row["user_id"]]["lessons_completed"] += 1
        site["lessons_completed"] += 1
    _thresholds(completions, end, courses)

    for row in Rating.objects.filter(created_at__gte=start, created_at__lt=end).values("course_id", "score"):
        course = courses[row["course_id"]]
        course["ratings"] += 1
        course["rating_points"] += row["score"]
        course[f"score_{row['score']}"] += 1
        site["ratings"] += 1
        site["rating_points"] += row["score"]

    _exams(start, end, site, courses, scores, questions)

    for course_id in Certificate.objects.filter(
        issued_at__gte=start, issued_at__lt=end, course__isnull=False
    ).values_list("course_id", flat=True):
        courses[course_id]["certificates"] += 1
        site["certificates"] += 1
    site["signups"] = get_user_model().objects.filter(date_joined__gte=start, date_joined__lt=end).count()

    for model in (SiteDay, CourseDay, LessonDay, LearnerDay, ScoreDay, QuestionDay):
        model.objects.filter(day=day).delete()
    if any(site.values()):
        SiteDay.objects.create(day=day, **site)
    CourseDay.objects.bulk_create(CourseDay(course_id=key, day=day, **values) for key, values in courses.items())
    LessonDay.objects.bulk_create(
        LessonDay(lesson_id=key, course_id=lesson_course[key], day=day, **values) for key, values in lessons.items()
    )
    LearnerDay.objects.bulk_create(LearnerDay(user_id=key, day=day, **values) for key, values in learners.items())
    ScoreDay.objects.bulk_create(
        ScoreDay(course_id=course_id, bucket=bucket, day=day, attempts=values["attempts"])
        for (course_id, bucket), values in scores.items()
    )
    QuestionDay.objects.bulk_create(
        QuestionDay(question_id=question_id, course_id=course_id, day=day, **values)
        for (question_id, course_id), values in questions.items()
    )


def _thresholds(completions, end, courses):
    """Learners whose completions of the day made them reach 25, 50, 75 or 100 % of a course's lessons."""
    pairs = {(row["user_id"], row["lesson__course_id"]) for row in completions}
    if not pairs:
        return
    course_ids = {course_id for _user, course_id in pairs}
    totals = dict(Lesson.objects.filter(course_id__in=course_ids).values_list("course_id").annotate(n=Count("id")))
    rows = (
        LessonProgress.objects.filter(
            user_id__in={user_id for user_id, _course in pairs},
            lesson__course_id__in=course_ids,
            lesson__deleted_at__isnull=True,
            completed_at__lt=end,
        )
        .order_by("completed_at", "id")
        .values_list("user_id", "lesson__course_id")
    )
    done = Counter(pair for pair in rows if pair in pairs)
    # Rows are in completion order and end with the day's, so a pair's day completions hold its last ranks.
    day_counts = Counter((row["user_id"], row["lesson__course_id"]) for row in completions)
    for pair, total_done in done.items():
        total = totals.get(pair[1], 0)
        for rank in range(total_done - day_counts[pair] + 1, total_done + 1):
            for percent in thresholds_reached(completed=rank, total=total):
                courses[pair[1]][f"reached_{percent}"] += 1


def _exams(start, end, site, courses, scores, questions):
    attempts = list(
        ExamAttempt.objects.filter(created_at__gte=start, created_at__lt=end).values(
            "id", "exam_id", "exam__course_id", "user_id", "answers", "paper", "score_percent", "passed"
        )
    )
    if not attempts:
        return
    exam_ids = {attempt["exam_id"] for attempt in attempts}
    question_ids = defaultdict(list)
    for question_id, exam_id in (
        Question.objects.filter(exam_id__in=exam_ids).order_by("position", "id").values_list("id", "exam_id")
    ):
        question_ids[exam_id].append(question_id)
    correct = set(Choice.objects.filter(question__exam_id__in=exam_ids, is_correct=True).values_list("id", flat=True))
    passed_before = set(
        ExamAttempt.objects.filter(exam_id__in=exam_ids, passed=True, created_at__lt=start).values_list(
            "exam_id", "user_id"
        )
    )
    for attempt in sorted(attempts, key=lambda row: row["id"]):
        course_id = attempt["exam__course_id"]
        course = courses[course_id]
        course["exam_attempts"] += 1
        site["exam_attempts"] += 1
        if attempt["passed"]:
            course["exam_passes"] += 1
            site["exam_passes"] += 1
            learner = (attempt["exam_id"], attempt["user_id"])
            if learner not in passed_before:
                course["exam_passers"] += 1
                passed_before.add(learner)
        scores[(course_id, score_bucket(attempt["score_percent"]))]["attempts"] += 1
        # An attempt answers the questions drawn for it (its paper); attempts from before pools, every question.
        drawn = [question_id for question_id, _choices in attempt["paper"]] or question_ids[attempt["exam_id"]]
        for question_id in drawn:
            question = questions[(question_id, course_id)]
            question["answered"] += 1
            question["right"] += int(attempt["answers"].get(str(question_id)) in correct)


def days_rebuild(*, first, last):
    """Rebuild every day from ``first`` to ``last``, both included; returns how many."""
    day, count = first, 0
    while day <= last:
        day_rebuild(day=day)
        day += timedelta(days=1)
        count += 1
    return count
