from datetime import timedelta

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from community.models import Reply, Thread
from core import markdown
from courses.tests.factories import LessonFactory


class VeteranFactory(UserFactory):
    """A learner whose account is old enough to post links."""

    date_joined = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    lesson = factory.SubFactory(LessonFactory)
    course = factory.LazyAttribute(lambda thread: thread.lesson.course)
    author = factory.SubFactory(VeteranFactory)
    kind = Thread.Kind.QUESTION
    title = factory.Sequence(lambda n: f"¿Cómo hago el paso {n}?")
    body = "No me sale el ejemplo de la clase."
    body_html = factory.LazyAttribute(lambda thread: markdown.render(thread.body))


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reply
        skip_postgeneration_save = True

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(VeteranFactory)
    body = "Revisa que el entorno virtual esté activo."
    body_html = factory.LazyAttribute(lambda reply: markdown.render(reply.body))

    @factory.post_generation
    def counted(self, create, extracted, **kwargs):
        if create:
            Thread.all_objects.filter(pk=self.thread_id).update(replies_count=self.thread.replies.count())
