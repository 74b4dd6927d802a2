import io

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import translation

from accounts.models import User
from courses.models import Category, Course, Lesson
from courses.tests.factories import CourseFactory
from demo import tasks
from learning.models import Certificate, Choice, Exam, ExamAttempt, LearningPath, LessonProgress, Question, Rating
from teachers.models import Teacher

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        model.__name__: sorted(model.all_objects.values_list("pk", "updated_at"))
        if hasattr(model, "all_objects")
        else sorted(model.objects.values_list("pk", "updated_at"))
        for model in (Category, Teacher, Course, Lesson, Rating, LessonProgress, LearningPath, Exam)
    } | {
        "User": sorted(User.objects.values_list("pk", "password")),
        "ExamAttempt": sorted(ExamAttempt.objects.values_list("pk", flat=True)),
        "Certificate": sorted(Certificate.objects.values_list("code", flat=True)),
    }


def test_seed_demo_loads_a_spanish_catalog_with_one_hidden_draft():
    call_command("seed_demo", stdout=None)

    published = Course.objects.published()
    assert published.count() == 12
    assert {"Curso de React", "Curso de Python", "Curso de JavaScript"} <= set(published.values_list("name", flat=True))
    assert Course.objects.filter(status=Course.Status.DRAFT).count() == 1
    assert Category.objects.count() >= 4
    assert Teacher.objects.exclude(bio="").count() >= 6
    assert all(course.lessons.count() >= 5 for course in published)
    assert all(course.thumbnail for course in Course.objects.all())
    assert len({course.thumbnail.read() for course in Course.objects.all()}) == Course.objects.count()
    assert all(course.total_ratings > 0 for course in published)


def test_seed_demo_a_second_time_changes_nothing():
    call_command("seed_demo")
    before = _snapshot()

    call_command("seed_demo")

    assert _snapshot() == before


def test_seed_demo_keeps_staff_made_content():
    mine = CourseFactory(slug="curso-de-react", name="Mi propio curso de React")

    call_command("seed_demo")

    mine.refresh_from_db()
    assert mine.name == "Mi propio curso de React"
    assert Course.objects.filter(slug="curso-de-react").count() == 1


def test_seed_demo_staff_login_opens_the_course_admin(client):
    call_command("seed_demo", "--with-demo-accounts")

    logged_in = client.login(username="admin", password="platziflix-admin")
    response = client.get("/admin/courses/course/")

    assert logged_in
    assert response.status_code == 200


@pytest.fixture
def seeded(db):
    call_command("seed_demo", verbosity=0)


def test_seed_demo_comes_with_english_translations(seeded):
    with translation.override("en"):
        react = Course.objects.get(slug="curso-de-react")
        names = (react.name, react.category.name, react.lessons.order_by("position").first().name)

    assert names == ("React course", "Web development", "What is React?")


def test_seed_demo_never_repeats_a_review_text(seeded):
    reviews = list(Rating.objects.exclude(review="").values_list("review", flat=True))

    assert len(set(reviews)) == len(reviews)


def test_seed_demo_reviews_carry_different_dates(seeded):
    dates = set(Rating.objects.values_list("created_at__date", flat=True))

    assert len(dates) > 10


def test_seed_demo_lesson_descriptions_match_their_lessons(seeded):
    lesson = Lesson.objects.get(course__slug="curso-de-docker", slug="docker-compose")

    assert "Redis" in lesson.description


def test_seed_demo_prints_the_admin_address_it_was_given(settings):
    settings.DEBUG = True
    out = io.StringIO()

    call_command("seed_demo", base_url="http://127.0.0.1:8141", stdout=out)

    assert "http://127.0.0.1:8141/admin/" in out.getvalue()


def test_seed_demo_adds_paths_spanish_exams_and_a_learner_with_a_certificate():
    call_command("seed_demo")

    assert LearningPath.objects.published().count() == 3
    exams = Exam.objects.annotate(total=Count("questions"))
    assert exams.count() >= 4 and all(exam.total == 5 for exam in exams)
    certificate = Certificate.objects.get(user__username="maria")
    assert (certificate.learner_name, certificate.is_valid) == ("María Gómez", True)
    assert Certificate.objects.filter(kind="course", user__username="maria").count() == 1


def test_seed_demo_with_debug_off_makes_no_account_with_a_published_password(settings, capsys):
    settings.DEBUG = False

    call_command("seed_demo")

    assert not User.objects.filter(username="admin").exists()
    assert not any(user.has_usable_password() for user in User.objects.all())
    assert "--with-demo-accounts" in capsys.readouterr().out


def test_seed_demo_with_debug_off_makes_the_demo_accounts_when_asked(settings):
    settings.DEBUG = False

    call_command("seed_demo", "--with-demo-accounts", stdout=None)

    assert User.objects.get(username="admin").check_password("platziflix-admin")


def test_seed_demo_gives_the_demo_learner_notes_saved_courses_and_notifications_once():
    from notebook.models import Note, SavedCourse
    from notifications.models import Notification

    call_command("seed_demo")
    call_command("seed_demo")

    maria = User.objects.get(username="maria")
    assert Note.objects.filter(learner=maria).count() == 3
    assert SavedCourse.objects.filter(learner=maria).count() == 2
    assert Notification.objects.filter(recipient=maria).count() == 3
    assert Notification.objects.filter(recipient=maria, read_at__isnull=True).count() == 2


def test_seed_demo_adds_discussions_in_both_languages_with_teachers_accepted_answers_once():
    from community.models import Reply, Thread, Vote
    from teachers.models import Teacher

    call_command("seed_demo")
    counts = (Thread.objects.count(), Reply.objects.count())
    call_command("seed_demo")

    assert (Thread.objects.count(), Reply.objects.count()) == counts
    assert (
        Thread.objects.filter(title__startswith="¿").exists()
        and Thread.objects.filter(title__startswith="Windows").exists()
    )
    accepted = Reply.objects.filter(pk__in=Thread.objects.values("accepted_reply"))
    teacher_accounts = Teacher.objects.exclude(user=None).values("user")
    assert accepted.filter(author__in=teacher_accounts).count() >= 4
    assert all(thread.votes == Vote.objects.filter(thread=thread).count() for thread in Thread.objects.all())


def test_seed_demo_gives_teachers_and_exams_their_english_texts(seeded):
    with translation.override("en"):
        teacher = Teacher.objects.get(slug="facundo-garcia")
        question = Question.objects.get(exam__course__slug="curso-de-python", position=2)
        texts = (teacher.headline, question.text, [choice.text for choice in question.choices.all()])

    assert texts == (
        "Python and programming fundamentals teacher",
        "What data type is [1, 2, 3]?",
        ["A tuple", "A list", "A dictionary", "A set"],
    )


def test_seed_demo_adds_the_english_texts_to_an_exam_seeded_without_them(seeded):
    Question.objects.update(text_en="")
    Choice.objects.update(text_en="")

    call_command("seed_demo", verbosity=0)

    assert not Question.objects.filter(text_en="").exists()
    assert not Choice.objects.filter(text_en="").exists()


def test_seed_demo_queues_the_videos_for_the_worker_instead_of_making_them(settings, monkeypatch):
    settings.DEMO_VIDEOS = True
    queued = []
    monkeypatch.setattr(tasks.course_videos_make, "delay", lambda course_id: queued.append(("course", course_id)))
    monkeypatch.setattr(
        tasks.flagship_lesson_video_make, "delay", lambda lesson_id: queued.append(("lesson", lesson_id))
    )

    call_command("seed_demo", verbosity=0)

    python = Course.objects.get(slug="curso-de-python")
    flagship_lessons = {("lesson", pk) for pk in python.lessons.values_list("pk", flat=True)}
    courses = {("course", pk) for pk in Course.objects.published().exclude(pk=python.pk).values_list("pk", flat=True)}
    assert set(queued) == flagship_lessons | courses
    assert len(queued) == len(set(queued))
    assert Lesson.objects.filter(video_status=Lesson.VideoStatus.READY).count() == 0
