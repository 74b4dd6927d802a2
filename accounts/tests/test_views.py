import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "learner-password-123"
SIGNUP = {
    "first_name": "Ana",
    "last_name": "Belisa Martínez",
    "username": "ana",
    "email": "ana@example.com",
    "password1": "un-buen-secreto-42",
    "password2": "un-buen-secreto-42",
}


def test_signup_creates_the_learner_and_logs_them_in(client):
    response = client.post("/accounts/signup/", SIGNUP)

    user = get_user_model().objects.get(username="ana")
    assert response.status_code == 302
    assert user.email == "ana@example.com"
    assert int(client.session["_auth_user_id"]) == user.pk


def test_signup_returns_the_learner_to_the_page_they_came_from(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "next": "/courses/python/"})

    assert response.url == "/courses/python/"


def test_signup_ignores_a_next_pointing_at_another_host(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "next": "https://evil.example.com/"})

    assert response.url == "/"


def test_signup_keeps_the_full_name_certificates_will_carry(client):
    client.post("/accounts/signup/", SIGNUP)

    user = get_user_model().objects.get(username="ana")
    assert (user.first_name, user.last_name, user.display_name) == ("Ana", "Belisa Martínez", "Ana Belisa Martínez")


@pytest.mark.parametrize("missing", ["first_name", "last_name"])
def test_signup_asks_for_the_full_name(client, missing):
    response = client.post("/accounts/signup/", {**SIGNUP, missing: "  "})

    assert response.status_code == 200
    assert missing in response.context["form"].errors
    assert not get_user_model().objects.filter(username="ana").exists()


def test_signup_page_asks_for_the_name_as_certificates_show_it(client):
    html = client.get("/en/accounts/signup/").text

    assert 'name="first_name"' in html and 'name="last_name"' in html
    assert "Your certificates carry your full name as you write it here." in html


def test_signup_from_the_start_welcomes_the_learner_and_points_to_the_catalog(client):
    response = client.post("/en/accounts/signup/", SIGNUP, follow=True)

    html = response.text
    assert "Welcome to Platziflix, Ana!" in html
    assert 'class="welcome"' in html
    assert 'href="/en/courses/"' in html
    assert "Explore the catalog" in html


def test_signup_from_a_course_welcomes_the_learner_back_where_they_left_off(client, course):
    response = client.post("/accounts/signup/", {**SIGNUP, "next": course.get_absolute_url()}, follow=True)

    assert response.redirect_chain[-1][0] == course.get_absolute_url()
    assert "¡Te damos la bienvenida a Platziflix, Ana!" in response.text
    assert "Estás justo donde lo dejaste." in response.text


def test_the_welcome_shows_once(client):
    client.post("/accounts/signup/", SIGNUP, follow=True)

    assert "welcome__title" not in client.get("/").text


def test_signup_refuses_a_password_the_validators_reject(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "password1": "12345678", "password2": "12345678"})

    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    assert not get_user_model().objects.filter(username="ana").exists()


def test_signup_refuses_an_email_already_in_use(client):
    UserFactory(email="ANA@example.com")

    response = client.post("/accounts/signup/", SIGNUP)

    assert "email" in response.context["form"].errors
    assert not get_user_model().objects.filter(username="ana").exists()


def test_signup_requires_an_email(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "email": ""})

    assert "email" in response.context["form"].errors


def test_signup_without_csrf_token_is_refused():
    response = Client(enforce_csrf_checks=True).post("/accounts/signup/", SIGNUP)

    assert response.status_code == 403
    assert not get_user_model().objects.exists()


def test_signup_page_renders_in_spanish_by_default(client):
    response = client.get("/accounts/signup/")

    assert response.status_code == 200
    assert 'lang="es"' in response.text


def test_login_returns_the_learner_to_next(client):
    UserFactory(username="ana")

    response = client.post("/accounts/login/", {"username": "ana", "password": PASSWORD, "next": "/me/"})

    assert response.url == "/me/"


def test_login_ignores_a_next_pointing_at_another_host(client):
    UserFactory(username="ana")

    response = client.post(
        "/accounts/login/", {"username": "ana", "password": PASSWORD, "next": "//evil.example.com/steal"}
    )

    assert response.url == "/"


def test_login_with_a_wrong_password_shows_an_error(client):
    UserFactory(username="ana")

    response = client.post("/accounts/login/", {"username": "ana", "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_login_page_keeps_a_safe_next_in_the_form(client):
    response = client.get("/accounts/login/?next=/me/")

    assert '<input type="hidden" name="next" value="/me/">' in response.text


def test_logout_only_accepts_post(client):
    client.force_login(UserFactory())

    response = client.get("/accounts/logout/")

    assert response.status_code == 405
    assert "_auth_user_id" in client.session


def test_logout_by_post_ends_the_session(client):
    client.force_login(UserFactory())

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change_saves_the_new_password(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "otra-clave-segura-9", "new_password2": "otra-clave-segura-9"},
    )

    user.refresh_from_db()
    assert response.url == "/accounts/password/change/done/"
    assert user.check_password("otra-clave-segura-9")


def test_password_change_requires_login(client):
    response = client.get("/accounts/password/change/")

    assert response.url.startswith("/accounts/login/?next=")


def test_password_reset_emails_a_link_that_sets_a_new_password(client):
    user = UserFactory(email="ana@example.com")

    client.post("/accounts/password/reset/", {"email": "ana@example.com"})
    [email] = mail.outbox
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", email.body).group(1)
    set_password_url = client.get(link).url
    response = client.post(set_password_url, {"new_password1": "nueva-clave-7x", "new_password2": "nueva-clave-7x"})

    user.refresh_from_db()
    assert email.to == ["ana@example.com"]
    assert response.url == "/accounts/password/reset/done/"
    assert user.check_password("nueva-clave-7x")


def test_password_reset_for_an_unknown_email_sends_nothing_and_reveals_nothing(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})

    assert response.url == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_header_shows_log_in_and_sign_up_to_anonymous_learners(client):
    response = client.get("/")

    assert 'href="/accounts/login/?next=/"' in response.text
    assert 'href="/accounts/signup/?next=/"' in response.text


def test_header_shows_the_learner_name_my_learning_and_a_logout_form(client):
    client.force_login(UserFactory(username="ana"))

    response = client.get("/")

    assert "ana" in response.text
    assert 'href="/me/"' in response.text
    assert 'action="/accounts/logout/"' in response.text


def test_signed_in_learner_sent_back_to_the_login_page_lands_home_instead_of_looping(client):
    client.force_login(UserFactory())

    response = client.get("/accounts/login/?next=/accounts/login/")

    assert response.status_code == 302
    assert response.url == "/"


def test_account_pages_speak_spanish_by_default(client):
    response = client.get("/accounts/signup/")

    assert "Crea tu cuenta" in response.text
    assert "Registrarse" in response.text


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"])
def test_account_labels_end_without_a_colon(client, url):
    response = client.get(url)

    assert not re.search(r"<label[^>]*>[^<]*:</label>", response.text)


def test_sign_up_page_speaks_informally_in_spanish(client):
    response = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="es")

    assert "Repite la contraseña" in response.text
    assert "Su contraseña" not in response.text


def test_a_wrong_password_is_explained_in_the_site_voice(client, django_user_model):
    django_user_model.objects.create_user(username="maria", password="platziflix-demo")

    response = client.post("/accounts/login/", {"username": "maria", "password": "otra"}, HTTP_ACCEPT_LANGUAGE="es")

    assert "Ese usuario y esa contraseña no coinciden." in response.text
