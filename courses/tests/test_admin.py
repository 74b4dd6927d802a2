from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Course, Lesson
from courses.tests.factories import CourseFactory, LessonFactory
from learning.tests.factories import LessonProgressFactory, RatingFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

ADMIN_QUERY_BUDGET = 15


@pytest.fixture
def catalog():
    teachers = TeacherFactory.create_batch(3)
    courses = [CourseFactory(teachers=teachers) for _ in range(32)]
    for course in courses:
        LessonFactory.create_batch(2, course=course)
        RatingFactory.create_batch(2, course=course)
    LessonProgressFactory.create_batch(5)
    return courses


def _course_form_data(course, lessons=(), **fields):
    data = {
        "name": course.name,
        "slug": course.slug,
        "summary": course.summary,
        "description": "",
        "category": course.category_id,
        "level": course.level,
        "status": "published",
        "published_at_0": "2026-01-01",
        "published_at_1": "10:00:00",
        "lessons-TOTAL_FORMS": len(lessons),
        "lessons-INITIAL_FORMS": sum(1 for lesson in lessons if lesson.get("id")),
        **fields,
    }
    for index, lesson in enumerate(lessons):
        for key, value in {"course": course.pk, "duration_seconds": 60, "video_url": "", **lesson}.items():
            data[f"lessons-{index}-{key}"] = value
    return data


@pytest.mark.parametrize(
    "model",
    [
        "courses.course",
        "courses.lesson",
        "courses.category",
        "learning.rating",
        "learning.lessonprogress",
        "teachers.teacher",
        "accounts.user",
    ],
)
def test_admin_changelist_loads_within_a_fixed_query_budget(
    client, staff_user, catalog, model, django_assert_max_num_queries
):
    client.force_login(staff_user)
    app_label, model_name = model.split(".")

    with django_assert_max_num_queries(ADMIN_QUERY_BUDGET):
        response = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "model",
    [
        "courses.course",
        "courses.lesson",
        "courses.category",
        "learning.rating",
        "learning.lessonprogress",
        "teachers.teacher",
    ],
)
def test_admin_change_form_loads_within_a_fixed_query_budget(
    client, staff_user, catalog, model, django_assert_max_num_queries
):
    client.force_login(staff_user)
    app_label, model_name = model.split(".")
    from django.apps import apps

    obj = apps.get_model(app_label, model_name)._base_manager.first()

    with django_assert_max_num_queries(ADMIN_QUERY_BUDGET + 10):
        response = client.get(reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk]))

    assert response.status_code == 200


def test_course_form_shows_how_many_ratings_give_each_score(client, staff_user):
    course = CourseFactory()
    RatingFactory.create_batch(2, course=course, score=5)
    RatingFactory(course=course, score=3)
    client.force_login(staff_user)

    response = client.get(reverse("admin:courses_course_change", args=[course.pk]))

    assert "5 ★ 2 · 4 ★ 0 · 3 ★ 1 · 2 ★ 0 · 1 ★ 0" in response.text


def test_admin_publish_action_publishes_and_dates_drafts(client, staff_user):
    draft = CourseFactory(draft=True)
    client.force_login(staff_user)

    client.post(reverse("admin:courses_course_changelist"), {"action": "publish", "_selected_action": [draft.pk]})

    draft.refresh_from_db()
    assert draft.status == Course.Status.PUBLISHED
    assert draft.published_at is not None


def test_admin_delete_is_a_soft_delete_that_restore_undoes(client, staff_user):
    course = CourseFactory()
    client.force_login(staff_user)
    changelist = reverse("admin:courses_course_changelist")

    client.post(changelist, {"action": "soft_delete_selected", "_selected_action": [course.pk]})
    assert not Course.objects.filter(pk=course.pk).exists()

    client.post(changelist, {"action": "restore_selected", "_selected_action": [course.pk]})
    assert Course.objects.filter(pk=course.pk).exists()


def test_admin_course_form_dates_a_course_published_without_a_date(client, staff_user):
    course = CourseFactory(draft=True)
    client.force_login(staff_user)
    data = _course_form_data(course, published_at_0="", published_at_1="")

    response = client.post(reverse("admin:courses_course_change", args=[course.pk]), data)

    course.refresh_from_db()
    assert response.status_code == 302
    assert Course.objects.published().filter(pk=course.pk).exists()


def test_removing_a_lesson_in_the_course_form_soft_deletes_it(client, staff_user):
    course = CourseFactory()
    lesson = LessonFactory(course=course, position=1)
    client.force_login(staff_user)
    lessons = [{"id": lesson.pk, "position": 1, "name": lesson.name, "slug": lesson.slug, "DELETE": "on"}]

    response = client.post(reverse("admin:courses_course_change", args=[course.pk]), _course_form_data(course, lessons))

    assert response.status_code == 302
    assert not Lesson.objects.filter(pk=lesson.pk).exists()
    assert Lesson.all_objects.get(pk=lesson.pk).is_deleted


def test_delete_confirmation_lists_only_the_course_itself(client, staff_user):
    course = CourseFactory(name="Curso de Borrado")
    LessonFactory(course=course, name="Clase que no se borra")
    client.force_login(staff_user)

    response = client.get(reverse("admin:courses_course_delete", args=[course.pk]))

    assert response.status_code == 200
    assert "Curso de Borrado" in response.text
    assert "Clase que no se borra" not in response.text


def test_course_form_refuses_a_new_lesson_with_a_slug_the_course_already_uses(client, staff_user):
    course = CourseFactory()
    existing = LessonFactory(course=course, slug="intro", position=1)
    client.force_login(staff_user)
    lessons = [
        {"id": existing.pk, "position": 1, "name": existing.name, "slug": "intro"},
        {"position": 2, "name": "Otra", "slug": "intro"},
    ]

    response = client.post(
        reverse("admin:courses_course_change", args=[course.pk]),
        _course_form_data(course, lessons),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "Another lesson of this course already uses this slug." in response.text
    assert course.lessons.count() == 1


def test_course_form_refuses_two_new_lessons_with_one_slug(client, staff_user):
    course = CourseFactory()
    client.force_login(staff_user)
    lessons = [
        {"position": 1, "name": "Una", "slug": "repetida"},
        {"position": 2, "name": "Otra", "slug": "repetida"},
    ]

    response = client.post(reverse("admin:courses_course_change", args=[course.pk]), _course_form_data(course, lessons))

    assert response.status_code == 200
    assert not course.lessons.exists()


def test_admin_lists_the_spanish_names_its_form_edits_in_the_staff_members_language(client, staff_user):
    course = CourseFactory(name="Curso de React", name_en="React course")
    client.force_login(staff_user)

    listing = client.get(reverse("admin:courses_course_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    form = client.get(reverse("admin:courses_course_change", args=[course.pk]), HTTP_ACCEPT_LANGUAGE="en")

    text = listing.content.decode()
    assert ("Curso de React" in text, "React course" in text, "Select course to change" in text) == (True, False, True)
    assert form.context["adminform"].form.initial["name"] == "Curso de React"
    assert "Change course" in form.content.decode()


def test_admin_shows_spanish_to_a_spanish_speaking_staff_member(client, staff_user):
    CourseFactory(name="Curso de React", name_en="React course")
    client.force_login(staff_user)

    listing = client.get(reverse("admin:courses_course_changelist"), HTTP_ACCEPT_LANGUAGE="es")

    assert "Curso de React" in listing.content.decode()
    assert "Seleccione curso a modificar" in listing.content.decode()


def test_pages_still_read_the_english_name_after_the_admin_showed_the_spanish(client, staff_user):
    CourseFactory(name="Curso de React", name_en="React course")
    client.force_login(staff_user)
    client.get(reverse("admin:courses_course_changelist"), HTTP_ACCEPT_LANGUAGE="en")

    page = client.get("/en/courses/")

    assert "React course" in page.content.decode()


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({"status": Course.Status.DRAFT, "published_at": None}, "Draft"),
        ({"status": Course.Status.PUBLISHED, "published_at": timezone.now() + timedelta(days=3)}, "Scheduled"),
        ({"status": Course.Status.PUBLISHED, "published_at": timezone.now() - timedelta(days=3)}, "Published"),
    ],
)
def test_course_list_shows_each_courses_publication_state(client, staff_user, fields, state):
    CourseFactory(**fields)
    client.force_login(staff_user)

    listing = client.get(reverse("admin:courses_course_changelist"), HTTP_ACCEPT_LANGUAGE="en")

    assert f'<span class="admin-state admin-state--{state.lower()}">{state}</span>' in listing.content.decode()
    assert 'alt="True"' not in listing.content.decode()


def test_course_list_shows_a_deleted_course_as_deleted(client, staff_user):
    CourseFactory().soft_delete()
    client.force_login(staff_user)

    listing = client.get(reverse("admin:courses_course_changelist"), {"deleted": "yes"}, HTTP_ACCEPT_LANGUAGE="en")

    assert '<span class="admin-state admin-state--deleted">Deleted</span>' in listing.content.decode()


def test_course_form_gives_the_summary_a_paragraphs_width_and_names_the_time_zone(client, staff_user, settings):
    course = CourseFactory()
    client.force_login(staff_user)

    form = client.get(reverse("admin:courses_course_change", args=[course.pk]), HTTP_ACCEPT_LANGUAGE="en")

    fields = form.context["adminform"].form.fields
    assert "admin-long-line" in fields["summary"].widget.attrs["class"]
    assert "admin-long-line" in fields["summary_en"].widget.attrs["class"]
    assert f"Times are in {settings.TIME_ZONE} time" in fields["published_at"].help_text
