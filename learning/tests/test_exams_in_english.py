"""An exam reads in the learner's language: English texts on the English site and API, Spanish where none."""

import pytest

from learning.models import Choice, Question
from learning.tests.factories import complete_course, exam_with_questions, right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam(course):
    exam = exam_with_questions(course)
    first = Question.objects.filter(exam=exam).order_by("position").first()
    first.text_en = "Question 1?"
    first.save()
    Choice.objects.filter(question=first).update(text_en="English answer")
    return exam


def test_english_exam_page_shows_english_questions_and_falls_back_to_spanish(client, learner, course, exam):
    complete_course(learner, course)
    client.force_login(learner)

    page = client.get(f"/en/courses/{course.slug}/exam/").content.decode()

    assert ("Question 1?" in page, "English answer" in page, "¿Pregunta 2?" in page) == (True, True, True)
    assert "¿Pregunta 1?" not in page


def test_spanish_exam_page_keeps_the_spanish_texts(client, learner, course, exam):
    complete_course(learner, course)
    client.force_login(learner)

    page = client.get(f"/courses/{course.slug}/exam/").content.decode()

    assert ("¿Pregunta 1?" in page, "Question 1?" in page) == (True, False)


def test_english_exam_review_marks_a_right_answer_correct(client, learner, course, exam):
    complete_course(learner, course)
    client.force_login(learner)
    answers = {f"question_{question}": choice for question, choice in right_answers(exam, wrong=1).items()}

    page = client.post(f"/en/courses/{course.slug}/exam/", answers, follow=True).content.decode()

    assert "Correct" in page
    assert "Right" not in page


def test_exam_api_answers_in_english_when_asked(api_client, learner, course, exam):
    complete_course(learner, course)
    api_client.force_authenticate(learner)

    body = api_client.get(f"/api/v1/courses/{course.slug}/exam/", HTTP_ACCEPT_LANGUAGE="en").json()

    first_id = Question.objects.filter(exam=exam).order_by("position").values_list("id", flat=True).first()
    first = next(question for question in body["questions"] if question["id"] == first_id)  # drawn in any order
    assert (first["text"], first["choices"][0]["text"]) == ("Question 1?", "English answer")
