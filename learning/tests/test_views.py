"""The course page's rating form and reviews, progress on the course and lesson pages, and mark complete."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory
from courses.tests.factories import HIDDEN_COURSE_KINDS, CourseFactory, LessonFactory, hidden_course
from learning import services
from learning.models import LessonProgress, Rating
from learning.tests.factories import RatingFactory

# Pages in the source language, so the assertions read the English strings.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_is_the_first_language")]


@pytest.fixture
def course():
    course = CourseFactory(slug="python")
    for position in (1, 2, 3):
        LessonFactory(course=course, slug=f"clase-{position}", position=position, duration_seconds=100)
    return course


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


def test_learner_rates_a_course_from_its_page(learner_client, learner, course):
    response = learner_client.post("/courses/python/rating/", {"score": "4", "review": "Muy claro"})

    rating = Rating.objects.get(course=course, user=learner)
    assert response.url == "/courses/python/#your-rating"
    assert (rating.score, rating.review) == (4, "Muy claro")


def test_rating_again_replaces_the_learners_rating(learner_client, learner, course):
    learner_client.post("/courses/python/rating/", {"score": "1"})

    learner_client.post("/courses/python/rating/", {"score": "5", "review": "Mejoró"})

    assert list(Rating.objects.filter(course=course).values_list("score", "review")) == [(5, "Mejoró")]


def test_course_page_shows_the_new_average_count_and_distribution_after_rating(learner_client, course):
    RatingFactory(course=course, score=2)
    services.course_rating_stats_refresh(course=course)

    response = learner_client.post("/courses/python/rating/", {"score": "4"}, follow=True)

    course.refresh_from_db()
    assert (course.average_rating, course.total_ratings) == (Decimal("3.00"), 2)
    assert response.context["distribution"] == [(5, 0), (4, 1), (3, 0), (2, 1), (1, 0)]
    assert '<span class="rating-summary__value">3.0</span>' in response.text


def test_course_page_prefills_the_form_with_the_learners_rating(learner_client, learner, course):
    RatingFactory(course=course, user=learner, score=3, review="Bien")

    response = learner_client.get("/courses/python/")

    assert 'value="3" checked' in response.text
    assert "Bien</textarea>" in response.text
    assert 'action="/courses/python/rating/delete/"' in response.text


def test_learner_deletes_their_rating(learner_client, learner, course):
    services.rating_submit(user=learner, course=course, score=3)

    response = learner_client.post("/courses/python/rating/delete/")

    course.refresh_from_db()
    assert response.url == "/courses/python/#your-rating"
    assert not Rating.objects.filter(user=learner).exists()
    assert course.total_ratings == 0


@pytest.mark.parametrize("score", ["0", "6", "abc", "", "4.5"])
def test_rating_form_refuses_a_score_outside_one_to_five(learner_client, course, score):
    response = learner_client.post("/courses/python/rating/", {"score": score}, follow=True)

    assert response.redirect_chain == [("/courses/python/#your-rating", 302)]
    assert response.context["rating_form"].errors["score"]
    assert "Choose from 1 to 5 stars." in response.text
    assert not Rating.all_objects.exists()


def test_rating_form_refuses_a_review_over_two_thousand_characters(learner_client, course):
    response = learner_client.post("/courses/python/rating/", {"score": "5", "review": "a" * 2001}, follow=True)

    assert response.context["rating_form"].errors["review"]
    assert not Rating.all_objects.exists()


@pytest.mark.parametrize("hidden", HIDDEN_COURSE_KINDS)
def test_rating_form_of_a_course_learners_cannot_see_answers_like_an_unknown_course(learner_client, hidden):
    course = hidden_course(hidden)

    post = learner_client.post(f"/courses/{course.slug}/rating/", {"score": "5"})
    get = learner_client.get(f"/courses/{course.slug}/rating/")
    delete = learner_client.post(f"/courses/{course.slug}/rating/delete/")

    assert (post.status_code, get.status_code, delete.status_code) == (404, 404, 404)
    assert not Rating.all_objects.exists()


def test_rating_an_unknown_course_is_not_found(learner_client):
    response = learner_client.post("/courses/no-existe/rating/", {"score": "5"})

    assert response.status_code == 404


def test_anonymous_learner_is_sent_to_log_in_before_rating(client, course):
    response = client.post("/courses/python/rating/", {"score": "5"})

    assert response.url == "/accounts/login/?next=/courses/python/"
    assert not Rating.all_objects.exists()


def test_rating_without_csrf_token_is_refused(learner, course):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)

    response = client.post("/courses/python/rating/", {"score": "5"})

    assert response.status_code == 403
    assert "This form has expired" in response.text
    assert 'id="main-content"' in response.text
    assert not Rating.all_objects.exists()


def test_a_refused_rating_keeps_the_typed_review_on_the_course_page(learner_client, course):
    response = learner_client.post("/courses/python/rating/", {"review": "Me encantó la parte de bucles"}, follow=True)

    assert response.request["PATH_INFO"] == "/courses/python/"
    assert "Me encantó la parte de bucles</textarea>" in response.text


def test_a_refused_rating_is_forgotten_after_it_was_shown_once(learner_client, course):
    learner_client.post("/courses/python/rating/", {"review": "Borrador"}, follow=True)

    response = learner_client.get("/courses/python/")

    assert "Borrador</textarea>" not in response.text


def test_the_rating_confirmation_is_shown_inside_the_rating_card(learner_client, course):
    response = learner_client.post("/courses/python/rating/", {"score": "4"}, follow=True)

    card = response.text.split('id="your-rating"', 1)[1]
    assert "Thanks! Your rating was saved." in card or "¡Gracias! Guardamos tu calificación." in card
    assert 'class="container messages"' not in response.text


def test_the_star_field_and_the_card_heading_say_different_things(learner_client, course):
    response = learner_client.get("/courses/python/")

    assert response.context["rating_form"]["score"].label != "Your rating"


def test_opening_the_rating_url_leads_back_to_the_course_page_with_its_query(learner_client, course):
    response = learner_client.get("/courses/python/rating/?reviews=2")

    assert response.status_code == 302
    assert response["Location"] == "/courses/python/?reviews=2"


def test_review_line_breaks_count_as_one_character_each(learner_client, learner, course):
    review = ("a" * 99 + "\r\n") * 20  # 2,000 characters as the browser counts them, 2,020 as sent

    response = learner_client.post("/courses/python/rating/", {"score": "4", "review": review})

    assert response.status_code == 302
    assert Rating.objects.get(user=learner).review == ("a" * 99 + "\n") * 19 + "a" * 99


def test_anonymous_learner_is_invited_to_log_in_to_rate_and_save_progress(client, course):
    response = client.get("/courses/python/")

    assert "to rate this course and write a review" in response.text
    assert "to save where you stop and track your progress" in response.text
    assert 'action="/courses/python/rating/"' not in response.text


def test_reviews_are_listed_newest_first_with_name_and_stars(client, course):
    RatingFactory(course=course, user=UserFactory(username="primera"), score=2, review="Antigua")
    RatingFactory(course=course, user=UserFactory(username="segunda"), score=5, review="Reciente")

    response = client.get("/courses/python/")

    assert response.text.index("Reciente") < response.text.index("Antigua")
    assert "segunda" in response.text
    assert 'aria-label="5.0 out of 5 stars"' in response.text


def test_reviews_are_paginated(client, course):
    for index in range(12):
        RatingFactory(course=course, review=f"Reseña número {index:02d}")

    first = client.get("/courses/python/")
    second = client.get("/courses/python/?reviews=2")

    assert len(first.context["reviews_page"].object_list) == 10
    assert "Reseña número 11" in first.text
    assert "Reseña número 00" in second.text
    assert "Reseña número 11" not in second.text


def test_review_text_is_escaped(client, course):
    RatingFactory(course=course, review="<script>alert(1)</script>")

    response = client.get("/courses/python/")

    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_course_page_offers_to_start_a_course_not_yet_started(learner_client, course):
    response = learner_client.get("/courses/python/")

    assert re.search(r'href="/courses/python/lessons/clase-1/">\s*▶ Start the course', response.text)


def test_course_page_shows_progress_and_continues_at_the_next_unfinished_lesson(learner_client, learner, course):
    first = course.lessons.get(slug="clase-1")
    services.lesson_progress_update(user=learner, lesson=first, position_seconds=100)

    response = learner_client.get("/courses/python/")

    assert 'href="/courses/python/lessons/clase-2/"' in response.text
    assert "1 of 3 lessons completed (33%)" in response.text
    assert '<progress class="progress-bar" max="100" value="33"' in response.text


def test_course_page_marks_completed_lessons(learner_client, learner, course):
    services.lesson_progress_update(user=learner, lesson=course.lessons.get(slug="clase-2"), position_seconds=100)

    response = learner_client.get("/courses/python/")

    assert response.text.count(" is-completed") == 1
    completed_row = r'is-completed">\s*<a class="lesson-list__link" href="/courses/python/lessons/clase-2/"'
    assert re.search(completed_row, response.text)


def test_course_page_congratulates_a_learner_who_finished_the_course(learner_client, learner, course):
    for lesson in course.lessons.all():
        services.lesson_progress_update(user=learner, lesson=lesson, position_seconds=0, completed=True)

    response = learner_client.get("/courses/python/")

    assert "You completed this course." in response.text


def test_lesson_page_renders_the_saved_position_for_the_player(learner_client, learner, course):
    lesson = course.lessons.get(slug="clase-2")
    services.lesson_progress_update(user=learner, lesson=lesson, position_seconds=42)

    response = learner_client.get("/courses/python/lessons/clase-2/")

    assert 'data-start-position="42"' in response.text
    assert 'data-progress-url="/api/v1/courses/python/lessons/clase-2/progress/"' in response.text
    assert 'id="lesson-player"' in response.text
    assert "js/player.js" in response.text


def test_lesson_page_gives_anonymous_learners_no_progress_url(client, course):
    response = client.get("/courses/python/lessons/clase-1/")

    assert "data-progress-url" not in response.text
    assert "to save where you stop and track your progress" in response.text


def test_lesson_page_marks_completed_lessons_in_its_list(learner_client, learner, course):
    services.lesson_progress_update(user=learner, lesson=course.lessons.get(slug="clase-1"), position_seconds=100)

    response = learner_client.get("/courses/python/lessons/clase-2/")

    assert response.text.count(" is-completed") == 1
    assert "Mark as complete" in response.text


def test_mark_as_complete_completes_the_lesson_and_opens_the_next(learner_client, learner, course):
    lesson = course.lessons.get(slug="clase-1")
    services.lesson_progress_update(user=learner, lesson=lesson, position_seconds=30)

    response = learner_client.post("/courses/python/lessons/clase-1/complete/")

    progress = LessonProgress.objects.get(user=learner, lesson=lesson)
    assert response.url == "/courses/python/lessons/clase-2/"
    assert progress.is_completed
    assert progress.position_seconds == 30


def test_mark_as_complete_on_the_last_lesson_returns_to_the_course(learner_client, course):
    response = learner_client.post("/courses/python/lessons/clase-3/complete/")

    assert response.url == "/courses/python/"


def test_mark_as_complete_for_a_draft_course_is_not_found(learner_client):
    lesson = LessonFactory(course=CourseFactory(draft=True))

    response = learner_client.post(f"/courses/{lesson.course.slug}/lessons/{lesson.slug}/complete/")

    assert response.status_code == 404
    assert not LessonProgress.objects.exists()


def test_mark_as_complete_for_a_deleted_course_is_not_found(learner_client, course):
    course.soft_delete()

    response = learner_client.post("/courses/python/lessons/clase-1/complete/")

    assert response.status_code == 404
    assert not LessonProgress.objects.exists()


def test_anonymous_learner_is_sent_to_log_in_to_mark_complete(client, course):
    response = client.post("/courses/python/lessons/clase-1/complete/")

    assert response.url == "/accounts/login/?next=/courses/python/lessons/clase-1/"
    assert not LessonProgress.objects.exists()


def test_mark_as_complete_without_csrf_token_is_refused(learner, course):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)

    response = client.post("/courses/python/lessons/clase-1/complete/")

    assert response.status_code == 403
    assert not LessonProgress.objects.exists()
