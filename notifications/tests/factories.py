import factory

from accounts.tests.factories import UserFactory
from notifications.models import Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    actor = factory.SubFactory(UserFactory)
    kind = Notification.Kind.REPLY
    thread_id = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"¿Cómo uso select_related? ({n})")
    url = factory.LazyAttribute(lambda notification: f"/courses/django/lessons/1/#thread-{notification.thread_id}")
