"""Exams drawn from a pool: "N of M" questions per attempt, questions and choices in a fresh order each time,
the order kept with the attempt, and no answers to questions that were not drawn."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from learning import selectors, services
from learning.models import Choice, ExamAttempt, ExamPaper
from learning.tests.factories import complete_course, exam_with_questions

pytestmark = pytest.mark.django_db

EXAM_URL = "/api/v1/courses/{slug}/exam/"


@pytest.fixture
def pooled_exam(course):
    """Eight questions in the pool, three drawn per attempt, three choices each (the first one right)."""
    exam = exam_with_questions(course, questions=8, pass_percent=60)
    exam.questions_per_attempt = 3
    exam.save()
    return exam


@pytest.fixture
def finished(learner, course, pooled_exam):
    complete_course(learner, course)
    return learner


def _right_choice(question_id):
    return Choice.objects.get(question_id=question_id, is_correct=True).id


def _drawn(signed_in, course):
    return signed_in.get(EXAM_URL.format(slug=course.slug)).json()["questions"]


def test_the_exam_json_draws_n_of_the_pool_and_keeps_the_draw_until_it_is_submitted(signed_in, course, finished):
    first = _drawn(signed_in, course)
    again = _drawn(signed_in, course)

    assert len(first) == 3
    assert first == again
    assert len({question["id"] for question in first}) == 3


def test_an_attempt_answers_the_drawn_questions_and_keeps_the_order_they_were_shown_in(signed_in, course, finished):
    drawn = _drawn(signed_in, course)
    answers = {str(question["id"]): _right_choice(question["id"]) for question in drawn}

    response = signed_in.post(f"{EXAM_URL.format(slug=course.slug)}attempts/", {"answers": answers}, format="json")

    assert response.status_code == 201
    assert (response.json()["total"], response.json()["score_percent"]) == (3, 100)
    attempt = ExamAttempt.objects.get()
    assert attempt.paper == [[question["id"], [choice["id"] for choice in question["choices"]]] for question in drawn]
    assert not ExamPaper.objects.exists()


def test_answering_a_question_that_was_not_drawn_is_400_and_records_nothing(signed_in, course, pooled_exam, finished):
    drawn = _drawn(signed_in, course)
    answers = {str(question["id"]): _right_choice(question["id"]) for question in drawn}
    not_drawn = pooled_exam.questions.exclude(pk__in=[question["id"] for question in drawn]).first()
    answers[str(not_drawn.id)] = _right_choice(not_drawn.id)

    response = signed_in.post(f"{EXAM_URL.format(slug=course.slug)}attempts/", {"answers": answers}, format="json")

    assert response.status_code == 400
    assert f"La pregunta {not_drawn.id} no salió en este intento." in response.json()["answers"]
    assert not ExamAttempt.objects.exists()


def test_a_pooled_exam_submitted_without_drawing_first_is_400(signed_in, course, pooled_exam, finished):
    answers = {str(question.id): _right_choice(question.id) for question in pooled_exam.questions.all()[:3]}

    response = signed_in.post(f"{EXAM_URL.format(slug=course.slug)}attempts/", {"answers": answers}, format="json")

    assert response.status_code == 400
    assert not ExamAttempt.objects.exists()


def test_each_attempt_draws_its_questions_and_choices_in_a_fresh_order(learner, course, pooled_exam, finished):
    exam = selectors.exam_for_course(course=course)
    draws = []
    for _ in range(12):
        paper = services.exam_paper_draw(user=learner, exam=exam)
        draws.append(paper.questions)
        paper.delete()

    assert all(len(questions) == 3 for questions in draws)
    assert len({repr(questions) for questions in draws}) > 1  # 8·7·6·6³ orders: twelve equal draws is no shuffle
    assert len({repr(choices) for questions in draws for _question, choices in questions}) > 1


def test_the_exam_page_shows_the_drawn_questions_and_grades_them_in_that_order(client, learner, course, finished):
    client.force_login(learner)
    url = reverse("learning:exam", kwargs={"slug": course.slug})

    page = client.get(url)
    paper = ExamPaper.objects.get(user=learner)
    form_questions = [int(name.removeprefix("question_")) for name in page.context["form"].fields]
    answers = {f"question_{question_id}": _right_choice(question_id) for question_id in paper.question_ids}
    result = client.post(url, answers, follow=True)

    assert form_questions == paper.question_ids
    assert page.content.decode().count('type="radio"') == 9
    assert [item["question"].id for item in result.context["review"]] == paper.question_ids
    assert result.context["review_visible"]  # passed: the review shows


def test_staff_cannot_draw_more_questions_than_the_pool_has(pooled_exam):
    pooled_exam.questions_per_attempt = 9

    with pytest.raises(ValidationError) as error:
        pooled_exam.full_clean()

    assert "questions_per_attempt" in error.value.message_dict


def test_the_admin_lists_the_exam_as_n_of_m_and_saves_the_draw_size(client, staff_user, pooled_exam):
    client.force_login(staff_user)

    changelist = client.get(reverse("admin:learning_exam_changelist"))

    assert "3 of 8" in changelist.content.decode() or "3 de 8" in changelist.content.decode()


def _exam_change_form(exam, **fields):
    """The admin's exam form as posted, with its questions inline unchanged."""
    questions = list(exam.questions.order_by("position", "id"))
    data = {
        "course": exam.course_id,
        "pass_percent": exam.pass_percent,
        "questions-TOTAL_FORMS": len(questions),
        "questions-INITIAL_FORMS": len(questions),
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 1000,
        **fields,
    }
    for index, question in enumerate(questions):
        data |= {
            f"questions-{index}-id": question.id,
            f"questions-{index}-exam": exam.id,
            f"questions-{index}-position": question.position,
            f"questions-{index}-text": question.text,
        }
    return data


def test_the_admin_refuses_drawing_more_questions_than_the_pool_and_saves_a_fitting_draw(
    client, staff_user, pooled_exam
):
    client.force_login(staff_user)
    url = reverse("admin:learning_exam_change", args=[pooled_exam.pk])

    refused = client.post(url, _exam_change_form(pooled_exam, questions_per_attempt=9))
    saved = client.post(url, _exam_change_form(pooled_exam, questions_per_attempt=5, show_wrong_before_passing="on"))

    assert refused.status_code == 200
    assert "questions_per_attempt" in refused.context["adminform"].form.errors
    assert saved.status_code == 302
    pooled_exam.refresh_from_db()
    assert (pooled_exam.questions_per_attempt, pooled_exam.show_wrong_before_passing) == (5, True)
