import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from courses.models import Category, Course, Lesson, LessonProgress, Rating


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Categoría {n}")
    slug = factory.Sequence(lambda n: f"categoria-{n}")
    position = factory.Sequence(lambda n: n)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Curso número {n}")
    slug = factory.Sequence(lambda n: f"curso-{n}")
    summary = "Un curso para aprender algo nuevo."
    description = "Descripción completa del curso."
    category = factory.SubFactory(CategoryFactory)
    level = Course.Level.BEGINNER
    status = Course.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=Course.Status.DRAFT, published_at=None)

    @factory.post_generation
    def teachers(self, create, extracted, **kwargs):
        if create and extracted:
            self.teachers.set(extracted)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Clase {n}")
    slug = factory.Sequence(lambda n: f"clase-{n}")
    description = "Lo que veremos en esta clase."
    video_url = "https://example.com/video.webm"
    duration_seconds = 300
    position = factory.Sequence(lambda n: n)


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
