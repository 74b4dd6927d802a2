import pytest
from django.apps import apps
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory
from learning import services
from learning.models import Certificate, Choice, Exam, Question, Rating
from learning.tests.factories import LearningPathFactory, complete_course, exam_with_questions, right_answers

pytestmark = pytest.mark.django_db


def test_admin_soft_deleting_a_rating_updates_the_course_average(client, staff_user):
    course = CourseFactory()
    services.rating_submit(user=UserFactory(), course=course, score=1)
    services.rating_submit(user=UserFactory(), course=course, score=5)
    low = Rating.objects.get(score=1)
    client.force_login(staff_user)

    client.post(
        reverse("admin:learning_rating_changelist"), {"action": "soft_delete_selected", "_selected_action": [low.pk]}
    )

    course.refresh_from_db()
    assert (course.total_ratings, course.average_rating) == (1, 5)


def test_deleting_a_user_in_the_admin_recomputes_the_averages_of_the_courses_they_rated(client, staff_user):
    course, leaving = CourseFactory(), UserFactory()
    services.rating_submit(user=leaving, course=course, score=1)
    services.rating_submit(user=UserFactory(), course=course, score=5)
    client.force_login(staff_user)

    client.post(reverse("admin:accounts_user_delete", args=[leaving.pk]), {"post": "yes"})

    course.refresh_from_db()
    assert not User.objects.filter(pk=leaving.pk).exists()
    assert (course.total_ratings, course.average_rating) == (1, 5)


def _choice_formset(question, rows):
    """The question page's POST data: the question fields plus one inline row per (text, is_correct)."""
    data = {
        "exam": question.exam_id,
        "text": question.text,
        "position": 0,
        "choices-TOTAL_FORMS": len(rows),
        "choices-INITIAL_FORMS": 0,
        "choices-MIN_NUM_FORMS": 2,
        "choices-MAX_NUM_FORMS": 6,
    }
    for index, (text, correct) in enumerate(rows):
        data |= {f"choices-{index}-text": text, f"choices-{index}-position": index}
        if correct:
            data[f"choices-{index}-is_correct"] = "on"
    return data


@pytest.fixture
def bare_question(db):
    exam = Exam.objects.create(course=CourseFactory())
    return Question.objects.create(exam=exam, text="¿Cuál es?")


@pytest.mark.parametrize(
    "rows",
    [
        [("Sola", True)],
        [("A", False), ("B", False)],
        [("A", True), ("B", True), ("C", False)],
        [(str(n), n == 0) for n in range(7)],
    ],
    ids=["one-choice", "none-correct", "two-correct", "seven-choices"],
)
def test_admin_refuses_a_question_without_2_to_6_choices_and_exactly_one_correct(
    client, staff_user, bare_question, rows
):
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:learning_question_change", args=[bare_question.pk]), _choice_formset(bare_question, rows)
    )

    assert response.status_code == 200
    assert not Choice.objects.exists()


def test_admin_saves_a_question_with_one_correct_choice_among_three(client, staff_user, bare_question):
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:learning_question_change", args=[bare_question.pk]),
        _choice_formset(bare_question, [("A", False), ("B", True), ("C", False)]),
    )

    assert response.status_code == 302
    assert list(Choice.objects.filter(is_correct=True).values_list("text", flat=True)) == ["B"]


def test_admin_moves_the_correct_mark_to_another_choice(client, staff_user, course):
    exam = exam_with_questions(course, questions=1, choices=2)
    question = exam.questions.get()
    first, second = question.choices.order_by("position")
    client.force_login(staff_user)
    data = _choice_formset(question, []) | {
        "choices-TOTAL_FORMS": 2,
        "choices-INITIAL_FORMS": 2,
        "choices-0-id": second.pk,
        "choices-0-question": question.pk,
        "choices-0-text": second.text,
        "choices-0-position": 0,
        "choices-0-is_correct": "on",
        "choices-1-id": first.pk,
        "choices-1-question": question.pk,
        "choices-1-text": first.text,
        "choices-1-position": 1,
    }

    response = client.post(reverse("admin:learning_question_change", args=[question.pk]), data)

    assert response.status_code == 302
    assert list(question.choices.filter(is_correct=True)) == [second]


def test_staff_revoke_a_certificate_with_a_reason_and_cannot_delete_it(client, staff_user, learner, course):
    complete_course(learner, course)
    certificate = Certificate.objects.get()
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:learning_certificate_change", args=[certificate.pk]), {"revoked_reason": "Copió el examen"}
    )

    certificate.refresh_from_db()
    assert response.status_code == 302
    assert (certificate.is_valid, certificate.revoked_reason) == (False, "Copió el examen")
    assert client.get(reverse("admin:learning_certificate_delete", args=[certificate.pk])).status_code == 403


@pytest.mark.parametrize("model", ["learningpath", "exam", "question", "examattempt", "certificate"])
def test_new_admin_lists_and_forms_open(client, staff_user, learner, course, model, django_assert_max_num_queries):
    LearningPathFactory(courses=[course])
    exam = exam_with_questions(course)
    complete_course(learner, course)
    services.exam_attempt_submit(user=learner, exam=exam, answers=right_answers(exam))
    client.force_login(staff_user)

    with django_assert_max_num_queries(12):
        assert client.get(reverse(f"admin:learning_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:learning_{model}_change", args=[_first_pk(model)])).status_code == 200


def _first_pk(model):
    return apps.get_model("learning", model).objects.values_list("pk", flat=True).first()
