import pytest
from django.core.management import call_command

from accounts.models import User
from courses.models import Category, Course, Lesson
from courses.tests.factories import CourseFactory
from learning.models import LessonProgress, Rating
from teachers.models import Teacher

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        model.__name__: sorted(model.all_objects.values_list("pk", "updated_at"))
        if hasattr(model, "all_objects")
        else sorted(model.objects.values_list("pk", "updated_at"))
        for model in (Category, Teacher, Course, Lesson, Rating, LessonProgress)
    } | {"User": sorted(User.objects.values_list("pk", "password"))}


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
