"""What a teacher account can and cannot see or do in the admin, through the real admin URLs."""

import pytest
from django.urls import reverse

from courses.models import Caption, Course
from courses.tests.clips import CAPTIONS_ES
from courses.tests.factories import CourseFactory, LessonFactory
from learning.models import Exam, Question
from learning.tests.factories import RatingFactory, exam_with_questions
from teachers.models import Teacher
from teachers.tests.factories import TeacherFactory
from teachers.tests.test_teacher_accounts import vtt

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(teacher_account):
    """A draft the signed-in teacher teaches, with a lesson and an exam."""
    course = CourseFactory(name="Curso propio", slug="propio", draft=True, teachers=[teacher_account.teacher])
    lesson = LessonFactory(course=course, name="Clase propia", slug="clase-propia")
    exam = exam_with_questions(course, questions=2)
    return course, lesson, exam


@pytest.fixture
def other(db):
    """Another teacher's published course, with a lesson and an exam."""
    course = CourseFactory(name="Curso ajeno", slug="ajeno", teachers=[TeacherFactory(name="Otro Profe")])
    lesson = LessonFactory(course=course, name="Clase ajena", slug="clase-ajena")
    exam = exam_with_questions(course, questions=2)
    return course, lesson, exam


@pytest.fixture
def teacher_client(client, teacher_account):
    client.force_login(teacher_account)
    return client


def course_form(course, **fields):
    return {
        "name": course.name,
        "slug": course.slug,
        "summary": course.summary,
        "description": "",
        "category": course.category_id,
        "level": course.level,
        "lessons-TOTAL_FORMS": 0,
        "lessons-INITIAL_FORMS": 0,
        **fields,
    }


def test_a_linked_teacher_signs_in_to_the_admin(client, teacher_account):
    client.force_login(teacher_account)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "Cursos" in response.text


def test_course_list_shows_only_the_teachers_own_courses(teacher_client, own, other):
    response = teacher_client.get(reverse("admin:courses_course_changelist"))

    assert response.status_code == 200
    assert "Curso propio" in response.text
    assert "Curso ajeno" not in response.text


def test_course_search_never_finds_another_teachers_course(teacher_client, own, other):
    response = teacher_client.get(reverse("admin:courses_course_changelist"), {"q": "ajeno"})

    assert "Curso ajeno" not in response.text
    assert "0 cursos" in response.text


def test_course_autocomplete_offers_only_the_teachers_own_courses(teacher_client, own, other):
    response = teacher_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "courses", "model_name": "lesson", "field_name": "course", "term": "Curso"},
    )

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Curso propio"]


@pytest.mark.parametrize(
    ("url_name", "index"),
    [
        ("admin:courses_course_change", 0),
        ("admin:courses_course_history", 0),
        ("admin:courses_lesson_change", 1),
        ("admin:learning_exam_change", 2),
    ],
)
def test_another_teachers_course_and_its_rows_answer_404(teacher_client, own, other, url_name, index):
    response = teacher_client.get(reverse(url_name, args=[other[index].pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("url_name", "index"), [("admin:courses_course_change", 0), ("admin:courses_lesson_change", 1)]
)
def test_the_teachers_own_course_and_lesson_open(teacher_client, own, url_name, index):
    response = teacher_client.get(reverse(url_name, args=[own[index].pk]))

    assert response.status_code == 200


def test_another_teachers_exam_question_answers_404_and_own_opens(teacher_client, own, other):
    others = Question.objects.filter(exam=other[2]).first()
    mine = Question.objects.filter(exam=own[2]).first()

    assert teacher_client.get(reverse("admin:learning_question_change", args=[others.pk])).status_code == 404
    assert teacher_client.get(reverse("admin:learning_question_change", args=[mine.pk])).status_code == 200


def test_lesson_and_question_lists_leave_out_another_teachers_course(teacher_client, own, other):
    lessons = teacher_client.get(reverse("admin:courses_lesson_changelist"))
    questions = teacher_client.get(reverse("admin:learning_question_changelist"))

    assert "Clase propia" in lessons.text
    assert "Clase ajena" not in lessons.text
    assert "Curso propio" in questions.text
    assert "Curso ajeno" not in questions.text


def test_a_lesson_cannot_be_moved_into_another_teachers_course(teacher_client, own, other):
    lesson = own[1]
    data = {
        "course": other[0].pk,
        "name": lesson.name,
        "slug": lesson.slug,
        "position": 1,
        "duration_seconds": 60,
        "video_url": "",
        "captions-TOTAL_FORMS": 0,
        "captions-INITIAL_FORMS": 0,
    }

    response = teacher_client.post(reverse("admin:courses_lesson_change", args=[lesson.pk]), data)

    assert response.status_code == 200  # the form again, with the error
    lesson.refresh_from_db()
    assert lesson.course == own[0]


def test_an_exam_cannot_be_added_to_another_teachers_course(teacher_client, teacher_account, other):
    draft = CourseFactory(draft=True, teachers=[teacher_account.teacher])
    form = {"pass_percent": 70, "questions-TOTAL_FORMS": 0, "questions-INITIAL_FORMS": 0}

    refused = teacher_client.post(reverse("admin:learning_exam_add"), {**form, "course": other[0].pk})
    added = teacher_client.post(reverse("admin:learning_exam_add"), {**form, "course": draft.pk})

    assert refused.status_code == 200  # the form again, with the error
    assert added.status_code == 302
    assert Exam.objects.filter(course=draft).exists()


def test_teacher_uploads_captions_for_their_own_lesson(teacher_client, own):
    lesson = own[1]
    data = {
        "course": lesson.course.pk,
        "name": lesson.name,
        "slug": lesson.slug,
        "position": lesson.position,
        "duration_seconds": lesson.duration_seconds,
        "video_url": lesson.video_url,
        "captions-TOTAL_FORMS": 1,
        "captions-INITIAL_FORMS": 0,
        "captions-0-language": "es",
        "captions-0-file": vtt(CAPTIONS_ES),
    }

    response = teacher_client.post(reverse("admin:courses_lesson_change", args=[lesson.pk]), data)

    assert response.status_code == 302
    assert Caption.objects.get(lesson=lesson).cues.count() == 2


def test_course_form_offers_draft_and_review_but_no_publishing(teacher_client, own):
    response = teacher_client.get(reverse("admin:courses_course_change", args=[own[0].pk]))

    assert 'value="review"' in response.text
    assert 'value="published"' not in response.text
    assert 'name="published_at_0"' not in response.text  # the date is shown, not editable
    assert 'name="teachers"' not in response.text


def test_teacher_asks_for_review(teacher_client, own):
    course = own[0]

    response = teacher_client.post(
        reverse("admin:courses_course_change", args=[course.pk]), course_form(course, status="review")
    )

    assert response.status_code == 302
    course.refresh_from_db()
    assert course.status == Course.Status.REVIEW


def test_teacher_cannot_publish_through_the_form(teacher_client, own):
    course = own[0]

    teacher_client.post(
        reverse("admin:courses_course_change", args=[course.pk]),
        course_form(course, status="published", published_at_0="2026-01-01", published_at_1="10:00:00"),
    )

    course.refresh_from_db()
    assert course.status == Course.Status.DRAFT
    assert course.published_at is None


def test_a_published_courses_status_is_not_editable_by_its_teacher(teacher_client, teacher_account):
    course = CourseFactory(teachers=[teacher_account.teacher])

    teacher_client.post(reverse("admin:courses_course_change", args=[course.pk]), course_form(course, status="draft"))

    course.refresh_from_db()
    assert course.status == Course.Status.PUBLISHED


@pytest.mark.parametrize("action", ["publish", "unpublish", "soft_delete_selected", "restore_selected"])
def test_publishing_and_deleting_actions_are_not_offered_to_a_teacher(teacher_client, own, action):
    course = own[0]

    changelist = teacher_client.get(reverse("admin:courses_course_changelist"))
    teacher_client.post(reverse("admin:courses_course_changelist"), {"action": action, "_selected_action": [course.pk]})

    assert f'value="{action}"' not in changelist.text
    course.refresh_from_db()
    assert (course.status, course.deleted_at) == (Course.Status.DRAFT, None)


def test_teacher_cannot_delete_their_course(teacher_client, own):
    response = teacher_client.post(reverse("admin:courses_course_delete", args=[own[0].pk]), {"post": "yes"})

    assert response.status_code == 403
    assert Course.objects.filter(pk=own[0].pk).exists()


def test_a_course_a_teacher_creates_is_a_draft_they_teach(teacher_client, teacher_account, own):
    response = teacher_client.post(
        reverse("admin:courses_course_add"),
        course_form(
            Course(name="Curso nuevo", slug="nuevo", summary="Resumen", category=own[0].category), status="draft"
        ),
    )

    assert response.status_code == 302
    course = Course.objects.get(slug="nuevo")
    assert course.status == Course.Status.DRAFT
    assert list(course.teachers.all()) == [teacher_account.teacher]


def test_teacher_edits_only_their_own_profile(teacher_client, teacher_account, other):
    own_profile = teacher_account.teacher
    others = Teacher.objects.get(name="Otro Profe")

    listing = teacher_client.get(reverse("admin:teachers_teacher_changelist"))
    response = teacher_client.get(reverse("admin:teachers_teacher_change", args=[own_profile.pk]))

    assert "Otro Profe" not in listing.text
    assert response.status_code == 200
    assert 'name="user"' not in response.text  # which account signs in as them is staff's call
    assert teacher_client.get(reverse("admin:teachers_teacher_change", args=[others.pk])).status_code == 404


def test_teacher_saves_their_profile(teacher_client, teacher_account):
    profile = teacher_account.teacher
    data = {"name": profile.name, "email": profile.email, "headline": "Profe de Django", "bio": ""}

    response = teacher_client.post(reverse("admin:teachers_teacher_change", args=[profile.pk]), data)

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.headline == "Profe de Django"
    assert profile.user == teacher_account


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:accounts_user_changelist",
        "admin:learning_rating_changelist",
        "admin:learning_lessonprogress_changelist",
        "admin:learning_examattempt_changelist",
        "admin:learning_certificate_changelist",
        "admin:courses_category_changelist",
        "admin:teachers_teacher_add",
    ],
)
def test_learners_data_and_staff_pages_are_refused_to_a_teacher(teacher_client, own, url_name):
    RatingFactory(course=own[0])

    response = teacher_client.get(reverse(url_name))

    assert response.status_code == 403


def test_teacher_never_sees_a_learners_email(teacher_client, own):
    RatingFactory(course=own[0], user__email="learner-secret@example.com")

    pages = [
        teacher_client.get(reverse("admin:index")),
        teacher_client.get(reverse("admin:courses_course_change", args=[own[0].pk])),
        teacher_client.get(reverse("admin:courses_course_changelist")),
    ]

    assert all("learner-secret@example.com" not in page.text for page in pages)


def test_staff_see_the_review_queue(client, staff_user, own, other):
    Course.objects.filter(pk=own[0].pk).update(status=Course.Status.REVIEW)
    client.force_login(staff_user)

    listing = client.get(reverse("admin:courses_course_changelist"))
    queue = client.get(reverse("admin:courses_course_changelist"), {"status__exact": "review"})

    assert "?status__exact=review" in listing.text
    assert "Cola de revisión: 1 curso" in listing.text
    assert "Curso propio" in queue.text
    assert "Curso ajeno" not in queue.text


def test_staff_publish_a_course_waiting_for_review(client, staff_user, own):
    Course.objects.filter(pk=own[0].pk).update(status=Course.Status.REVIEW)
    client.force_login(staff_user)

    client.post(reverse("admin:courses_course_changelist"), {"action": "publish", "_selected_action": [own[0].pk]})

    assert Course.objects.get(pk=own[0].pk).status == Course.Status.PUBLISHED


def test_staff_link_an_account_in_the_admin(client, staff_user, django_user_model):
    teacher = TeacherFactory()
    account = django_user_model.objects.create_user("profe-nuevo", password="x")
    client.force_login(staff_user)
    data = {"name": teacher.name, "slug": teacher.slug, "email": teacher.email, "headline": "", "bio": ""}

    response = client.post(reverse("admin:teachers_teacher_change", args=[teacher.pk]), {**data, "user": account.pk})

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.is_staff
    assert account.is_teacher_account
    assert Teacher.objects.get(pk=teacher.pk).user == account


@pytest.mark.parametrize(
    "url_name",
    ["admin:courses_course_changelist", "admin:courses_lesson_changelist", "admin:learning_question_changelist"],
)
def test_a_teachers_lists_load_within_a_fixed_query_budget(
    teacher_client, teacher_account, other, url_name, django_assert_max_num_queries
):
    for index in range(20):
        course = CourseFactory(teachers=[teacher_account.teacher])
        LessonFactory.create_batch(2, course=course)
        if index % 4 == 0:
            exam_with_questions(course, questions=3)

    with django_assert_max_num_queries(15):
        response = teacher_client.get(reverse(url_name))

    assert response.status_code == 200
