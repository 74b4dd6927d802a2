"""Certificates people want to share: the real length, the English title, both languages, a corrected name,
link previews and LinkedIn's add-to-profile link."""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from courses.tests.factories import CourseFactory, LessonFactory
from learning import services
from learning.models import Certificate, duration_label
from learning.tests.factories import complete_course
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(db):
    teachers = [TeacherFactory(name="Facundo García Martoni"), TeacherFactory(name="Ana Belisa Martínez")]
    course = CourseFactory(name="Curso de Django", name_en="Django course", slug="django", teachers=teachers)
    for position, seconds in enumerate((30, 45, 25)):
        LessonFactory(course=course, position=position, duration_seconds=seconds)
    return course


@pytest.fixture
def certificate(learner, course):
    learner.first_name, learner.last_name = "Begoña", "Muñoz"
    learner.save()
    complete_course(learner, course)
    return Certificate.objects.get(user=learner, course=course)


def _pdf_text(response):
    return PdfReader(io.BytesIO(response.content)).pages[0].extract_text()


@pytest.mark.parametrize(
    ("seconds", "label"),
    [(0, "1 min"), (100, "2 min"), (720, "12 min"), (3600, "1 h"), (4800, "1 h 20 min"), (4801, "1 h 21 min")],
)
def test_certificate_length_reads_in_a_unit_that_fits_and_is_never_zero(seconds, label):
    assert duration_label(seconds) == label


def test_a_two_minute_course_says_2_min_on_the_page_the_pdf_and_the_api(client, api_client, certificate):
    page = client.get(certificate.get_absolute_url()).content.decode()
    pdf = _pdf_text(client.get(f"/certificates/{certificate.code}/pdf/"))
    api = api_client.get(f"/api/v1/certificates/{certificate.code}/").json()

    assert "2 min de video" in page and "0,0" not in page
    assert "2 min de video" in pdf
    assert (api["length"], api["duration_seconds"]) == ("2 min", 100)


def test_certificate_snapshots_the_english_title_and_the_learners_language(learner, course):
    with translation.override("en"):
        complete_course(learner, course)

    certificate = Certificate.objects.get(user=learner)
    assert (certificate.original_text("title"), certificate.title_en, certificate.language) == (
        "Curso de Django",
        "Django course",
        "en",
    )


def test_english_pages_show_the_english_title_on_the_certificate_and_in_my_certificates(client, learner, certificate):
    client.force_login(learner)

    page = client.get(f"/en/certificates/{certificate.code}/").content.decode()
    me = client.get("/en/me/").content.decode()
    spanish = client.get(f"/certificates/{certificate.code}/").content.decode()

    assert "Django course" in page and "Curso de Django" not in page
    assert "Django course" in me
    assert "Curso de Django" in spanish


def test_pdf_follows_the_language_of_issue_and_the_switch_asks_for_the_other(client, certificate):
    default = client.get(f"/certificates/{certificate.code}/pdf/")
    english = client.get(f"/certificates/{certificate.code}/pdf/?language=en")

    assert default["Content-Language"] == "es"
    assert "CERTIFICADO" in _pdf_text(default) and "Curso de Django" in _pdf_text(default)
    assert english["Content-Language"] == "en"
    assert "CERTIFICATE OF COMPLETION" in _pdf_text(english) and "Django course" in _pdf_text(english)


def test_the_page_offers_the_pdf_in_both_languages(client, certificate):
    html = client.get(certificate.get_absolute_url()).content.decode()

    assert f"/certificates/{certificate.code}/pdf/?language=es" in html
    assert f"/certificates/{certificate.code}/pdf/?language=en" in html


def test_pdf_carries_the_teachers_signatures_the_date_the_url_and_the_code(client, certificate):
    text = _pdf_text(client.get(f"/certificates/{certificate.code}/pdf/?language=en"))

    assert text.count("Facundo García Martoni") == 2  # the signature and the printed name under it
    assert text.count("Ana Belisa Martínez") == 2
    assert "Teacher" in text
    assert f"/certificates/{certificate.code}/" in text
    assert certificate.code in text
    assert str(certificate.issued_at.year) in text


def test_public_page_has_link_preview_tags_with_a_picture_of_the_certificate(client, certificate):
    html = client.get(f"/en/certificates/{certificate.code}/").content.decode()

    for tag in ("og:title", "og:description", "og:url", "og:image"):
        assert f'<meta property="{tag}"' in html
    assert f'content="http://testserver/en/certificates/{certificate.code}/card.png"' in html
    assert "Begoña Muñoz completed Django course" in html


def test_the_preview_picture_is_a_1200_by_630_png(client, certificate):
    response = client.get(f"/en/certificates/{certificate.code}/card.png")

    assert (response.status_code, response["Content-Type"]) == (200, "image/png")
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)


def test_share_on_linkedin_uses_the_add_to_profile_parameters(client, certificate):
    response = client.get(f"/en/certificates/{certificate.code}/")

    link = response.context["linkedin_url"]
    parts = urlsplit(link)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://www.linkedin.com/profile/add"
    assert query == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Django course",
        "organizationName": "Platziflix",
        "issueYear": str(certificate.issued_at.year),
        "issueMonth": str(certificate.issued_at.month),
        "certUrl": f"http://testserver/en/certificates/{certificate.code}/",
        "certId": certificate.code,
    }
    assert "Share on LinkedIn" in response.content.decode()


def test_the_learner_corrects_the_name_and_the_certificate_is_reissued_with_the_same_code(client, learner, certificate):
    client.force_login(learner)

    response = client.post(certificate.get_absolute_url(), {"first_name": "Begoña", "last_name": "Muñoz Pérez"})

    reissued = Certificate.objects.get(pk=certificate.pk)
    learner.refresh_from_db()
    assert response.status_code == 302
    assert (reissued.code, reissued.learner_name, reissued.issued_at) == (
        certificate.code,
        "Begoña Muñoz Pérez",
        certificate.issued_at,
    )
    assert reissued.reissued_at is not None
    assert learner.last_name == "Muñoz Pérez"
    page = client.get(certificate.get_absolute_url()).content.decode()
    assert "Reemitido el" in page and "Begoña Muñoz Pérez" in page
    assert "Begoña Muñoz Pérez" in _pdf_text(client.get(f"/certificates/{certificate.code}/pdf/"))


def test_only_the_learner_sees_the_name_form_and_others_cannot_post_it(client, certificate, django_user_model):
    anonymous = client.get(certificate.get_absolute_url())
    client.force_login(django_user_model.objects.create_user("otra", "otra@example.com", "x-password-123"))
    other = client.post(certificate.get_absolute_url(), {"first_name": "Mallory", "last_name": "X"})

    assert anonymous.context["name_form"] is None
    assert other.status_code == 403
    assert Certificate.objects.get(pk=certificate.pk).learner_name == "Begoña Muñoz"


def test_a_blank_name_is_refused_and_the_certificate_keeps_its_name(client, learner, certificate):
    client.force_login(learner)

    response = client.post(certificate.get_absolute_url(), {"first_name": " ", "last_name": ""})

    assert response.status_code == 400
    assert Certificate.objects.get(pk=certificate.pk).reissued_at is None


def test_a_revoked_certificate_cannot_be_renamed(learner, certificate):
    services.certificate_revoke(certificate=certificate, reason="Plagio")

    with pytest.raises(services.ValidationError):
        services.certificate_rename(certificate=certificate, user=learner, first_name="Otra", last_name="Persona")
