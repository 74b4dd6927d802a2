"""Certificates: issued once when earned, frozen at issue, verifiable by anyone, revocable by staff, printable."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from courses.tests.factories import CourseFactory, LessonFactory
from learning import services
from learning.models import Certificate
from learning.tests.factories import LearningPathFactory, complete_course, exam_with_questions, right_answers
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(learner, course):
    learner.first_name, learner.last_name = "Begoña", "Muñoz"
    learner.save()
    complete_course(learner, course)
    return Certificate.objects.get(user=learner, course=course)


def test_completing_the_last_lesson_of_a_course_without_exam_issues_its_certificate(learner, course_with_lessons):
    course, lessons = course_with_lessons
    for lesson in lessons[:-1]:
        services.lesson_complete(user=learner, lesson=lesson)
    assert not Certificate.objects.exists()

    services.lesson_complete(user=learner, lesson=lessons[-1])

    certificate = Certificate.objects.get(user=learner)
    assert (certificate.course, certificate.kind, certificate.is_valid) == (course, "course", True)


def test_reaching_90_percent_of_the_last_lesson_issues_the_certificate(learner, course_with_lessons):
    course, lessons = course_with_lessons
    for lesson in lessons[:-1]:
        services.lesson_complete(user=learner, lesson=lesson)

    services.lesson_progress_update(user=learner, lesson=lessons[-1], position_seconds=290)

    assert Certificate.objects.filter(user=learner, course=course).exists()


def test_course_with_exam_issues_the_certificate_only_after_passing(learner, course):
    exam = exam_with_questions(course)
    complete_course(learner, course)
    assert not Certificate.objects.exists()

    services.exam_attempt_submit(user=learner, exam=exam, answers=right_answers(exam, wrong=3))
    assert not Certificate.objects.exists()
    attempt = services.exam_attempt_submit(user=learner, exam=exam, answers=right_answers(exam))

    assert attempt.certificate == Certificate.objects.get(user=learner, course=course)


def test_completing_again_or_passing_again_never_issues_a_second_certificate(learner, course):
    exam = exam_with_questions(course)
    complete_course(learner, course)
    services.exam_attempt_submit(user=learner, exam=exam, answers=right_answers(exam))

    services.exam_attempt_submit(user=learner, exam=exam, answers=right_answers(exam))
    complete_course(learner, course)

    assert Certificate.objects.filter(user=learner, course=course).count() == 1


def test_certificate_code_is_long_url_safe_and_unique(learner, course_with_lessons):
    other = CourseFactory()
    LessonFactory(course=other)
    complete_course(learner, course_with_lessons[0])
    complete_course(learner, other)

    codes = list(Certificate.objects.values_list("code", flat=True))

    assert len(set(codes)) == 2
    assert all(len(code) >= 10 and code.replace("-", "").replace("_", "").isalnum() for code in codes)


def test_certificate_records_name_title_teachers_and_hours_as_they_were_at_issue(certificate, course):
    course.name = "Otro nombre"
    course.save()
    LessonFactory(course=course, duration_seconds=7200)
    course.teachers.add(TeacherFactory(name="Zoe"))

    certificate.refresh_from_db()

    assert (certificate.learner_name, certificate.title, certificate.teachers) == (
        "Begoña Muñoz",
        "Curso de Django",
        "Ana",
    )
    assert certificate.duration_seconds == 900


def test_username_is_the_name_when_the_learner_has_no_full_name(learner, course):
    complete_course(learner, course)

    assert Certificate.objects.get(user=learner).learner_name == learner.username


def test_holding_every_course_certificate_of_a_published_path_issues_the_path_certificate(learner):
    courses = [CourseFactory() for _ in range(2)]
    for course in courses:
        LessonFactory(course=course, duration_seconds=1800)
    path = LearningPathFactory(name="Ruta Python", courses=courses)

    complete_course(learner, courses[0])
    assert not Certificate.objects.filter(path=path).exists()
    complete_course(learner, courses[1])

    certificate = Certificate.objects.get(user=learner, path=path)
    assert (certificate.kind, certificate.title, certificate.hours) == ("path", "Ruta Python", 1)


def test_draft_path_issues_no_certificate(learner):
    course = CourseFactory()
    LessonFactory(course=course)
    LearningPathFactory(courses=[course], status="draft")

    complete_course(learner, course)

    assert Certificate.objects.filter(kind="path").count() == 0


def test_revoked_certificate_stays_on_record_and_is_never_valid_again(certificate, course, learner):
    services.certificate_revoke(certificate=certificate, reason="Plagio")

    complete_course(learner, course)

    certificate.refresh_from_db()
    assert (certificate.is_valid, certificate.revoked_reason) == (False, "Plagio")
    assert Certificate.objects.filter(user=learner, course=course).count() == 1


def test_revoking_needs_a_reason(certificate):
    with pytest.raises(services.ValidationError):
        services.certificate_revoke(certificate=certificate, reason="  ")


def test_public_page_verifies_the_certificate_without_a_session(client, certificate):
    response = client.get(f"/certificates/{certificate.code}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Begoña Muñoz" in html and "Curso de Django" in html
    assert "Verificado" in html or "Verified" in html
    assert '<meta property="og:title"' in html
    assert "<svg" in html and "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_public_page_of_a_revoked_certificate_says_revoked_with_the_date(client, certificate):
    services.certificate_revoke(certificate=certificate, reason="Plagio")

    response = client.get(f"/certificates/{certificate.code}/", HTTP_ACCEPT_LANGUAGE="es")

    assert "Revocado" in response.content.decode()
    assert "Verificado" not in response.content.decode()


def test_unknown_code_is_404_on_the_page_the_pdf_and_the_api(client, db):
    assert client.get("/certificates/no-such-code-1234/").status_code == 404
    assert client.get("/certificates/no-such-code-1234/pdf/").status_code == 404
    response = client.get("/api/v1/certificates/no-such-code-1234/")
    assert (response.status_code, list(response.json())) == (404, ["detail"])


def test_pdf_is_one_a4_landscape_page_with_the_name_and_code(client, certificate):
    response = client.get(f"/certificates/{certificate.code}/pdf/")

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert "attachment" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert round(float(page.mediabox.width)) == 842 and round(float(page.mediabox.height)) == 595
    text = page.extract_text()
    assert "Begoña Muñoz" in text and certificate.code in text


def test_public_api_answers_the_certificate_fields(api_client, certificate):
    response = api_client.get(f"/api/v1/certificates/{certificate.code}/")

    body = response.json()
    assert response.status_code == 200
    assert {"code", "kind", "learner_name", "title", "issued_at", "hours", "valid", "revoked_at"} <= set(body)
    assert (body["learner_name"], body["title"], body["valid"], body["revoked_at"]) == (
        "Begoña Muñoz",
        "Curso de Django",
        True,
        None,
    )


def test_my_certificates_api_lists_only_the_callers(signed_in, certificate, django_user_model):
    other = django_user_model.objects.create_user("otra", "otra@example.com", "x-password-123")
    complete_course(other, certificate.course)

    response = signed_in.get("/api/v1/me/certificates/")

    assert [item["code"] for item in response.json()["results"]] == [certificate.code]


def test_my_learning_page_lists_certificates_with_a_copy_link_button(client, learner, certificate):
    client.force_login(learner)

    html = client.get("/me/").content.decode()

    assert certificate.get_absolute_url() in html
    assert "data-copy-url=" in html and "js/copy-link" in html


def test_course_page_links_to_the_learners_certificate(client, learner, certificate, course):
    client.force_login(learner)

    html = client.get(course.get_absolute_url()).content.decode()

    assert certificate.get_absolute_url() in html


def test_backfill_issues_certificates_for_courses_finished_before_certificates_existed(learner, course):
    complete_course(learner, course)
    Certificate.objects.all().delete()

    call_command("certificates_issue", stdout=io.StringIO())
    call_command("certificates_issue", stdout=io.StringIO())

    assert Certificate.objects.filter(user=learner, course=course).count() == 1


def test_course_page_asks_for_the_full_name_before_the_first_certificate(client, learner, course_with_lessons):
    course, lessons = course_with_lessons
    services.lesson_complete(user=learner, lesson=lessons[0])
    client.force_login(learner)

    html = client.get(course.get_absolute_url()).content.decode()

    assert "/me/profile/?next=/courses/django/" in html


@pytest.mark.parametrize(("seconds", "hours"), [(540, "0.2"), (180, "0.1"), (3600, "1.0"), (5220, "1.5")])
def test_certificate_hours_round_half_up_from_the_exact_seconds(seconds, hours):
    assert str(Certificate(duration_seconds=seconds).hours) == hours
