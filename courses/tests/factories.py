from datetime import timedelta

import factory
from django.utils import timezone

from courses.models import Category, Course, Lesson


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
    # A second ago: SQLite's clock (``Now()``) has millisecond precision, so a course published "now" to the
    # microsecond could still be in the future for the query that follows at once.
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(seconds=1))

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


HIDDEN_COURSE_KINDS = ["draft", "scheduled", "hidden_category"]


def hidden_course(kind, **fields):
    """A course that learners must not see: a draft, one scheduled for tomorrow, or one whose category is deleted."""
    if kind == "draft":
        return CourseFactory(draft=True, **fields)
    if kind == "scheduled":
        return CourseFactory(published_at=timezone.now() + timedelta(days=1), **fields)
    course = CourseFactory(**fields)
    course.category.soft_delete()
    return course
