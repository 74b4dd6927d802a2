import factory

from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory, LessonFactory
from notebook.models import Note, SavedCourse


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    learner = factory.SubFactory(UserFactory)
    lesson = factory.SubFactory(LessonFactory)
    second = 42
    body = factory.Sequence(lambda n: f"Repasar esto: idea número {n}")


class SavedCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedCourse

    learner = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CourseFactory)
