import factory

from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory, LessonFactory
from learning.models import LessonProgress, Rating


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    course = factory.SubFactory(CourseFactory)
    user = factory.SubFactory(UserFactory)
    score = 4
    review = ""


class LessonProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonProgress

    lesson = factory.SubFactory(LessonFactory)
    user = factory.SubFactory(UserFactory)
    position_seconds = 0
