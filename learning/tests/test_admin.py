import pytest
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory
from learning import services
from learning.models import Rating

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
