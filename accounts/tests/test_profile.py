"""/me/profile/: the learner's full name (printed on certificates) and e-mail."""

import pytest

pytestmark = pytest.mark.django_db


def test_profile_saves_the_full_name_and_email(client, learner):
    client.force_login(learner)

    response = client.post(
        "/me/profile/", {"first_name": " Begoña ", "last_name": "Muñoz", "email": "bego@example.com"}
    )

    learner.refresh_from_db()
    assert response.status_code == 302
    assert (learner.get_full_name(), learner.email) == ("Begoña Muñoz", "bego@example.com")


def test_profile_sends_the_learner_back_to_a_safe_next_page(client, learner):
    client.force_login(learner)
    data = {"first_name": "Ana", "last_name": "", "email": learner.email}

    inside = client.post("/me/profile/?next=/courses/django/exam/", data)
    outside = client.post("/me/profile/", data | {"next": "https://evil.example.com/"})

    assert inside["Location"] == "/courses/django/exam/"
    assert outside["Location"] == "/me/"


def test_profile_refuses_an_email_of_another_account(client, learner, django_user_model):
    django_user_model.objects.create_user("otra", "otra@example.com", "x-password-123")
    client.force_login(learner)

    response = client.post("/me/profile/", {"first_name": "", "last_name": "", "email": "OTRA@example.com"})

    learner.refresh_from_db()
    assert response.status_code == 200
    assert learner.email == "learner@example.com"
    assert response.context["form"].errors["email"]


def test_profile_needs_a_signed_in_learner(client):
    response = client.get("/me/profile/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_profile_labels_carry_no_colon_like_every_other_account_form(client, learner):
    client.force_login(learner)

    page = client.get("/me/profile/").text

    assert 'for="id_first_name">' in page
    assert ":</label>" not in page
