"""Course exams: who may take them, how they are scored, what they never reveal and how often they can be tried."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.tests.factories import CourseFactory, LessonFactory
from learning import selectors, services
from learning.models import Certificate, ExamAttempt
from learning.tests.factories import complete_course, exam_with_questions, right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam(course):
    return exam_with_questions(course)


@pytest.fixture
def finished(learner, course, exam):
    """The learner has completed every lesson of the course with an exam."""
    complete_course(learner, course)
    return learner


def _attempts_url(course):
    return f"/api/v1/courses/{course.slug}/exam/attempts/"


def test_passing_attempt_answers_201_with_the_score_and_the_new_certificate(signed_in, course, exam, finished):
    response = signed_in.post(_attempts_url(course), {"answers": right_answers(exam, wrong=1)}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["score_percent"], body["correct"], body["total"], body["passed"]) == (80, 4, 5, True)
    assert body["certificate"]["code"] == Certificate.objects.get(course=course).code


def test_failing_attempt_is_stored_and_issues_no_certificate(signed_in, course, exam, finished):
    response = signed_in.post(_attempts_url(course), {"answers": right_answers(exam, wrong=2)}, format="json")

    assert response.status_code == 201
    assert (response.json()["score_percent"], response.json()["passed"], response.json()["certificate"]) == (
        60,
        False,
        None,
    )
    assert ExamAttempt.objects.filter(user=finished, exam=exam, passed=False).count() == 1
    assert not Certificate.objects.exists()


def test_failing_attempt_names_the_questions_answered_wrong_when_staff_show_them(signed_in, course, exam, finished):
    exam.show_wrong_before_passing = True
    exam.save()
    first_two = [q.id for q in exam.questions.order_by("position", "id")[:2]]

    response = signed_in.post(_attempts_url(course), {"answers": right_answers(exam, wrong=2)}, format="json")

    assert response.json()["wrong_question_ids"] == first_two


def test_failing_attempt_hides_which_questions_were_wrong_until_the_learner_passes(signed_in, course, exam, finished):
    failed = signed_in.post(_attempts_url(course), {"answers": right_answers(exam, wrong=2)}, format="json")
    passed = signed_in.post(_attempts_url(course), {"answers": right_answers(exam, wrong=1)}, format="json")
    after_passing = signed_in.post(_attempts_url(course), {"answers": right_answers(exam, wrong=2)}, format="json")

    assert (failed.json()["score_percent"], failed.json()["wrong_question_ids"]) == (60, None)
    assert len(passed.json()["wrong_question_ids"]) == 1
    assert len(after_passing.json()["wrong_question_ids"]) == 2


def test_submission_with_unanswered_questions_is_400_and_uses_no_attempt(signed_in, course, exam, finished):
    answers = right_answers(exam)
    unanswered = list(answers)[3:]
    for question in unanswered:
        del answers[question]

    response = signed_in.post(_attempts_url(course), {"answers": answers}, format="json")

    assert response.status_code == 400
    assert response.json()["answers"] == [
        "Responde todas las preguntas: 2 están sin responder. No se usó ningún intento."
    ]
    assert response.json()["unanswered_question_ids"] == unanswered
    assert not ExamAttempt.objects.exists()
    assert selectors.exam_attempt_allowance(user=finished, exam=exam).attempts_left == 3


def test_empty_submission_is_400_and_uses_no_attempt(signed_in, course, exam, finished):
    response = signed_in.post(_attempts_url(course), {"answers": {}}, format="json")

    assert response.status_code == 400
    assert len(response.json()["unanswered_question_ids"]) == 5
    assert not ExamAttempt.objects.exists()


def test_attempt_before_completing_every_lesson_is_403_naming_the_lessons_left(signed_in, learner, course, exam):
    services.lesson_complete(user=learner, lesson=course.lessons.first())

    response = signed_in.post(_attempts_url(course), {"answers": right_answers(exam)}, format="json")

    assert response.status_code == 403
    assert "2" in response.json()["detail"]
    assert not ExamAttempt.objects.exists()


def test_choice_of_another_exam_is_400(signed_in, course, exam, finished):
    other = exam_with_questions(CourseFactory())
    answers = right_answers(exam)
    first_question = next(iter(answers))
    answers[first_question] = other.questions.first().choices.first().id

    response = signed_in.post(_attempts_url(course), {"answers": answers}, format="json")

    assert response.status_code == 400
    assert "answers" in response.json()
    assert not ExamAttempt.objects.exists()


def test_question_of_another_exam_is_400(signed_in, course, exam, finished):
    other = exam_with_questions(CourseFactory())
    question = other.questions.first()

    response = signed_in.post(
        _attempts_url(course), {"answers": {str(question.id): question.choices.first().id}}, format="json"
    )

    assert response.status_code == 400


def test_choice_of_another_question_of_the_same_exam_is_400(signed_in, course, exam, finished):
    first, second = exam.questions.order_by("position")[:2]

    response = signed_in.post(
        _attempts_url(course), {"answers": {str(first.id): second.choices.first().id}}, format="json"
    )

    assert response.status_code == 400


@pytest.mark.parametrize("body", [{}, {"answers": []}, {"answers": {"x": 1}}, {"answers": {"1": "uno"}}])
def test_malformed_answers_are_400(signed_in, course, exam, finished, body):
    response = signed_in.post(_attempts_url(course), body, format="json")

    assert response.status_code == 400


def test_fourth_attempt_within_24_hours_is_429_with_retry_after(signed_in, course, exam, finished):
    for _ in range(3):
        signed_in.post(_attempts_url(course), {"answers": right_answers(exam, wrong=5)}, format="json")

    response = signed_in.post(_attempts_url(course), {"answers": right_answers(exam)}, format="json")

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 24 * 3600
    assert ExamAttempt.objects.count() == 3


def test_attempts_older_than_24_hours_do_not_count_against_the_limit(signed_in, course, exam, finished):
    for _ in range(3):
        signed_in.post(_attempts_url(course), {"answers": right_answers(exam, wrong=5)}, format="json")
    ExamAttempt.objects.update(created_at=timezone.now() - timedelta(hours=24, minutes=1))

    response = signed_in.post(_attempts_url(course), {"answers": right_answers(exam)}, format="json")

    assert response.status_code == 201


def test_course_without_exam_answers_404(signed_in, course):
    assert signed_in.get(f"/api/v1/courses/{course.slug}/exam/").status_code == 404
    assert signed_in.post(_attempts_url(course), {"answers": {}}, format="json").status_code == 404


def test_anonymous_caller_cannot_submit(api_client, course, exam):
    response = api_client.post(_attempts_url(course), {"answers": {}}, format="json")

    assert response.status_code == 401


def test_exam_json_never_says_which_choice_is_right(signed_in, course, exam):
    response = signed_in.get(f"/api/v1/courses/{course.slug}/exam/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"pass_percent", "questions", "eligible", "attempts_left_today"}
    assert set(body["questions"][0]) == {"id", "text", "choices"}
    assert all(set(choice) == {"id", "text"} for q in body["questions"] for choice in q["choices"])
    assert "correct" not in response.content.decode()


def test_exam_json_says_eligible_and_attempts_left_after_every_lesson(signed_in, course, exam, finished):
    signed_in.post(_attempts_url(course), {"answers": right_answers(exam, wrong=5)}, format="json")

    body = signed_in.get(f"/api/v1/courses/{course.slug}/exam/").json()

    assert (body["eligible"], body["attempts_left_today"], body["pass_percent"]) == (True, 2, 70)


def test_exam_page_html_never_marks_the_right_choice(client, learner, course, exam, finished):
    client.force_login(learner)

    html = client.get(f"/courses/{course.slug}/exam/").content.decode()

    assert html.count('type="radio"') == 15
    for choice in exam.questions.first().choices.all():
        assert f'value="{choice.id}"' in html
    assert "correct" not in html.lower().replace("correcta", "")


def test_exam_page_asks_to_complete_the_lessons_first(client, learner, course, exam):
    client.force_login(learner)

    response = client.get(f"/courses/{course.slug}/exam/")

    assert response.status_code == 200
    assert response.context["lessons_left"] == 3
    assert b'type="radio"' not in response.content


def test_exam_page_redirects_anonymous_visitors_to_log_in(client, course, exam):
    response = client.get(f"/courses/{course.slug}/exam/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_exam_page_submission_shows_which_answers_were_wrong_when_staff_allow_it(
    client, learner, course, exam, finished
):
    exam.show_wrong_before_passing = True
    exam.save()
    client.force_login(learner)
    answers = {f"question_{q}": c for q, c in right_answers(exam, wrong=2).items()}

    response = client.post(f"/courses/{course.slug}/exam/", answers, follow=True)

    review = response.context["review"]
    assert sorted(item["correct"] for item in review) == [False, False, True, True, True]
    assert response.content.count(b"exam-review__item is-wrong") == 2
    assert b"60%" in response.content
    assert not Certificate.objects.exists()


def test_exam_page_failed_attempt_shows_the_score_but_not_which_questions_were_wrong(
    client, learner, course, exam, finished
):
    client.force_login(learner)
    answers = {f"question_{q}": c for q, c in right_answers(exam, wrong=2).items()}

    response = client.post(f"/courses/{course.slug}/exam/", answers, follow=True)

    assert b"60%" in response.content
    assert b"exam-review__item" not in response.content
    assert b"exam-review-hidden" in response.content


def test_exam_page_empty_submission_marks_every_question_and_uses_no_attempt(client, learner, course, exam, finished):
    client.force_login(learner)

    response = client.post(f"/en/courses/{course.slug}/exam/", {})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Answer every question: 5 are unanswered. No attempt was used." in html
    assert html.count("Answer this question.") == 5
    assert html.count("exam-question--unanswered") == 5
    assert not ExamAttempt.objects.exists()


def test_exam_page_partial_submission_keeps_the_answers_and_marks_only_the_blank_ones(
    client, learner, course, exam, finished
):
    client.force_login(learner)
    answers = {f"question_{q}": c for q, c in list(right_answers(exam).items())[:4]}

    response = client.post(f"/courses/{course.slug}/exam/", answers)

    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("exam-question--unanswered") == 1
    assert html.count("checked") == 4
    assert not ExamAttempt.objects.exists()


def test_exam_page_pass_links_to_the_certificate(client, learner, course, exam, finished):
    client.force_login(learner)
    answers = {f"question_{q}": c for q, c in right_answers(exam).items()}

    response = client.post(f"/courses/{course.slug}/exam/", answers, follow=True)

    certificate = Certificate.objects.get(user=learner, course=course)
    assert certificate.get_absolute_url().encode() in response.content


def test_exam_page_fourth_attempt_answers_429(client, learner, course, exam, finished):
    client.force_login(learner)
    for _ in range(3):
        services.exam_attempt_submit(user=learner, exam=exam, answers=right_answers(exam, wrong=5))

    response = client.post(
        f"/courses/{course.slug}/exam/", {f"question_{q}": c for q, c in right_answers(exam).items()}
    )

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_exam_page_counts_the_attempts_left_and_the_wait_from_one_read_of_the_window(
    client, learner, course, exam, finished
):
    client.force_login(learner)
    for _ in range(3):
        services.exam_attempt_submit(user=learner, exam=exam, answers=right_answers(exam, wrong=5))
    ExamAttempt.objects.filter(pk=ExamAttempt.objects.order_by("created_at").first().pk).update(
        created_at=timezone.now() - timedelta(hours=23)
    )

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/courses/{course.slug}/exam/")

    attempt_reads = [query for query in queries.captured_queries if "learning_examattempt" in query["sql"]]
    assert len(attempt_reads) == 3  # the last attempt, the attempts in the window, whether one ever passed
    assert response.context["attempts_left"] == 0
    assert 3500 <= response.context["retry_after"] <= 3600


def test_attempts_left_go_down_by_one_per_attempt_until_the_oldest_leaves_the_window(learner, exam, finished):
    now = timezone.now()
    allowances = []
    for _ in range(3):
        allowances.append(selectors.exam_attempt_allowance(user=learner, exam=exam, now=now))
        services.exam_attempt_submit(user=learner, exam=exam, answers=right_answers(exam, wrong=5))
    ExamAttempt.objects.update(created_at=now - timedelta(hours=20))
    allowances.append(selectors.exam_attempt_allowance(user=learner, exam=exam, now=now))
    allowances.append(selectors.exam_attempt_allowance(user=learner, exam=exam, now=now + timedelta(hours=4)))

    assert [(allowance.attempts_left, allowance.retry_after_seconds) for allowance in allowances] == [
        (3, 0),
        (2, 0),
        (1, 0),
        (0, 4 * 3600),
        (3, 0),
    ]


def test_exam_page_rejects_a_choice_of_another_question_with_400(client, learner, course, exam, finished):
    client.force_login(learner)
    first, second = exam.questions.order_by("position")[:2]

    response = client.post(f"/courses/{course.slug}/exam/", {f"question_{first.id}": second.choices.first().id})

    assert response.status_code == 400
    assert not ExamAttempt.objects.exists()


def test_a_lesson_added_after_completion_makes_the_exam_wait_again(signed_in, course, exam, finished):
    LessonFactory(course=course, position=99)

    response = signed_in.post(_attempts_url(course), {"answers": right_answers(exam)}, format="json")

    assert response.status_code == 403
