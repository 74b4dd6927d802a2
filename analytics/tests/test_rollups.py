"""The rollups kept by the services equal a rebuild from the raw rows, and both equal counts of the raw rows."""

from datetime import timedelta

import pytest
from django.db.models import Count, Sum
from django.utils import timezone

from accounts.tests.factories import UserFactory
from analytics import rebuild, services
from analytics.generate import activity_generate
from analytics.models import CourseDay, LearnerDay, LessonDay, QuestionDay, ScoreDay, SearchDay, SiteDay, WatchLog
from analytics.selectors import Period, course_analytics, site_overview
from analytics.tasks import rollups_rebuild_recent
from courses.tests.factories import CourseFactory, LessonFactory
from learning import services as learning_services
from learning.models import Certificate, ExamAttempt, LessonProgress, Rating
from learning.tests.factories import exam_with_questions, right_answers

pytestmark = pytest.mark.django_db

ROLLUPS = (SiteDay, CourseDay, LessonDay, LearnerDay, ScoreDay, QuestionDay)


def _snapshot():
    rows = {}
    for model in ROLLUPS:
        fields = [field.attname for field in model._meta.concrete_fields if field.name != "id"]
        rows[model.__name__] = sorted(tuple(row[name] for name in fields) for row in model.objects.values(*fields))
    return rows


@pytest.fixture
def busy_day(django_capture_on_commit_callbacks):
    """A day of events written through the services, as the pages and the API write them (the rollups are kept
    once each write commits)."""

    def run(service, **arguments):  # one request each: its write commits, then its rollups are kept
        with django_capture_on_commit_callbacks(execute=True):
            return service(**arguments)

    return _busy_day(run)


def _busy_day(run):
    course = CourseFactory()
    lessons = [LessonFactory(course=course, position=index, duration_seconds=100) for index in range(4)]
    exam = exam_with_questions(course, questions=4)
    ana, beto, carla = run(lambda: [UserFactory() for _ in range(3)])
    for learner in (ana, beto):
        for lesson in lessons:
            for position in (10, 30, 50, 95):
                run(learning_services.lesson_progress_update, user=learner, lesson=lesson, position_seconds=position)
    run(learning_services.lesson_progress_update, user=carla, lesson=lessons[0], position_seconds=40)
    run(learning_services.lesson_progress_update, user=carla, lesson=lessons[0], position_seconds=20)
    run(learning_services.lesson_complete, user=carla, lesson=lessons[1])
    run(learning_services.exam_attempt_submit, user=ana, exam=exam, answers=right_answers(exam, wrong=3))
    run(learning_services.exam_attempt_submit, user=ana, exam=exam, answers=right_answers(exam))
    run(learning_services.exam_attempt_submit, user=beto, exam=exam, answers=right_answers(exam, wrong=1))
    run(learning_services.rating_submit, user=ana, course=course, score=5)
    run(learning_services.rating_submit, user=beto, course=course, score=2)
    run(learning_services.rating_submit, user=beto, course=course, score=4)
    run(learning_services.rating_submit, user=carla, course=course, score=1)
    run(learning_services.rating_delete, user=carla, course=course)
    return course, lessons


def test_a_rebuilt_day_has_the_numbers_the_running_rollups_kept(busy_day):
    running = _snapshot()

    rebuild.day_rebuild(day=timezone.localdate())

    assert _snapshot() == running
    assert running["SiteDay"]  # the day was counted at all


def test_running_rollups_count_the_day_as_it_happened(busy_day):
    course, lessons = busy_day
    today = timezone.localdate()

    site = SiteDay.objects.get(day=today)
    course_day = CourseDay.objects.get(course=course, day=today)

    assert site.active_learners == 3
    assert site.lessons_completed == 9
    assert course_day.enrolments == 3
    assert (course_day.reached_25, course_day.reached_50, course_day.reached_100) == (3, 2, 2)
    assert (course_day.exam_attempts, course_day.exam_passes, course_day.exam_passers) == (3, 2, 2)
    assert course_day.certificates == 2
    assert (course_day.ratings, course_day.rating_points, course_day.score_4, course_day.score_2) == (2, 9, 1, 0)
    carla_first = LessonDay.objects.get(lesson=lessons[0], day=today)
    assert carla_first.leaves == 3
    assert carla_first.leave_position_total == 95 + 95 + 20


def test_watched_seconds_count_forward_steps_and_not_seeks():
    assert services.watched_seconds(previous_position=None, position=10) == 10
    assert services.watched_seconds(previous_position=10, position=20) == 10
    assert services.watched_seconds(previous_position=20, position=10) == 0
    assert services.watched_seconds(previous_position=20, position=600) == 0


def test_searches_are_counted_by_their_text_and_never_by_who(client, django_capture_on_commit_callbacks):
    course = CourseFactory(name="Curso de Django")
    LessonFactory(course=course)

    with django_capture_on_commit_callbacks(execute=True):
        client.get("/courses/", {"q": "Django"})
        client.get("/courses/", {"q": "  django "})
        client.get("/courses/", {"q": "cobol"})

    counts = {row.term: (row.searches, row.empty) for row in SearchDay.objects.all()}
    assert counts == {"django": (2, 0), "cobol": (1, 1)}
    assert {field.name for field in SearchDay._meta.get_fields()} == {"id", "term", "day", "searches", "empty"}


@pytest.fixture
def generated():
    """Ninety days of generated activity on three courses, one with an exam."""
    courses = [CourseFactory() for _ in range(3)]
    for course in courses:
        for index in range(5):
            LessonFactory(course=course, position=index, duration_seconds=120 + 30 * index)
    exam_with_questions(courses[0], questions=5)
    activity_generate(courses=courses, learners=80, days=90)
    return courses


def test_the_overview_counts_what_the_raw_rows_hold(generated):
    today = timezone.localdate()
    period = Period(first=today - timedelta(days=89), last=today)

    overview = site_overview(period=period)

    by_day = {day["day"]: day for day in overview.days}
    watch = WatchLog.objects.values("day").annotate(learners=Count("user", distinct=True), seconds=Sum("seconds"))
    assert watch
    for row in watch:
        assert by_day[row["day"]]["active_learners"] == row["learners"]
        assert by_day[row["day"]]["seconds_watched"] == row["seconds"]
    assert overview.totals["ratings"] == Rating.objects.count()
    assert overview.totals["rating_points"] == Rating.objects.aggregate(points=Sum("score"))["points"]
    assert overview.totals["lessons_completed"] == LessonProgress.objects.filter(completed_at__isnull=False).count()
    assert overview.totals["signups"] == 80
    enrolments = LessonProgress.objects.values("user", "lesson__course").distinct().count()
    assert sum(row["enrolments"] for row in overview.top_by_enrolments) == enrolments


def test_a_course_page_counts_what_the_raw_rows_hold(generated):
    course = generated[0]
    today = timezone.localdate()

    report = course_analytics(course=course, period=Period(first=today - timedelta(days=89), last=today))

    progress = LessonProgress.objects.filter(lesson__course=course)
    assert report.totals["enrolments"] == progress.values("user").distinct().count()
    finished = progress.filter(completed_at__isnull=False).values("user").annotate(n=Count("id"))
    assert report.totals["reached_100"] == sum(1 for row in finished if row["n"] == 5)
    assert report.totals["reached_50"] == sum(1 for row in finished if row["n"] >= 3)
    for lesson in report.lessons:
        assert lesson["started"] == progress.filter(lesson_id=lesson["id"]).count()
        assert lesson["completed"] == progress.filter(lesson_id=lesson["id"], completed_at__isnull=False).count()
    attempts = ExamAttempt.objects.filter(exam__course=course)
    assert attempts.exists()
    assert report.totals["exam_attempts"] == attempts.count()
    assert report.totals["exam_passes"] == attempts.filter(passed=True).count()
    assert report.totals["exam_passers"] == attempts.filter(passed=True).values("user").distinct().count()
    assert report.totals["certificates"] == Certificate.objects.filter(course=course).count()
    assert sum(bucket["attempts"] for bucket in report.score_buckets) == attempts.count()
    shares = [question["share_right"] for question in report.questions]
    assert shares == sorted(shares)


def test_the_running_rollups_of_generated_days_survive_a_rebuild(generated):
    before = _snapshot()

    rebuild.days_rebuild(first=timezone.localdate() - timedelta(days=89), last=timezone.localdate())

    assert _snapshot() == before


def test_the_nightly_task_rebuilds_the_last_two_days(busy_day):
    today = timezone.localdate()
    SiteDay.objects.create(day=today - timedelta(days=1), signups=99)  # a count the raw rows do not back

    rebuilt = rollups_rebuild_recent()

    assert rebuilt == 2
    assert not SiteDay.objects.filter(day=today - timedelta(days=1)).exists()
    assert SiteDay.objects.filter(day=today).exists()  # today is left to the running rollups
