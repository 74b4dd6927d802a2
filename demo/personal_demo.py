"""The demo learner's own things, added by ``seed_demo``: notes at moments of lessons they watched, saved
courses and a few notifications, so /me/, /me/notes/ and the bell show something. Added only once."""

from datetime import timedelta

from django.utils import timezone

from courses.models import Lesson
from notebook.models import Note, SavedCourse
from notifications.models import Notification

NOTES = [
    (0, 12, "La idea central: **cada componente hace una sola cosa**. Repasar antes del examen."),
    (0, 95, "Buen ejemplo para mi proyecto. Probarlo con mis propios datos."),
    (1, 40, "No olvidar: primero leer la documentación oficial, luego el tutorial."),
]
NOTIFICATIONS = [
    (Notification.Kind.REPLY, "¿Cómo organizo los archivos de un proyecto grande?", timedelta(minutes=25), False),
    (Notification.Kind.ACCEPTED, "¿Por qué mi consulta es tan lenta?", timedelta(hours=5), False),
    (Notification.Kind.FOLLOWED_REPLY, "Dudas sobre el examen final", timedelta(days=2), True),
]


def seed_personal(*, learner, others, published):
    """Notes on the first lessons of the learner's first course, two saved courses, three notifications."""
    if not published:
        return
    course = published[0]
    lessons = list(Lesson.objects.filter(course=course).order_by("position", "id")[:2])
    if lessons and not Note.objects.filter(learner=learner).exists():
        Note.objects.bulk_create(
            Note(learner=learner, lesson=lessons[min(index, len(lessons) - 1)], second=second, body=body)
            for index, second, body in NOTES
        )
    if not SavedCourse.objects.filter(learner=learner).exists():
        SavedCourse.objects.bulk_create(SavedCourse(learner=learner, course=saved) for saved in published[-2:])
    if lessons and not Notification.objects.filter(recipient=learner).exists():
        now = timezone.now()
        notifications = Notification.objects.bulk_create(
            Notification(
                recipient=learner,
                actor=others[index % len(others)] if others else None,
                kind=kind,
                thread_id=index + 1,
                title=title,
                url=lessons[0].get_absolute_url(),
                read_at=now - age if read else None,
            )
            for index, (kind, title, age, read) in enumerate(NOTIFICATIONS)
        )
        for notification, (_, _, age, _) in zip(notifications, NOTIFICATIONS, strict=True):
            Notification.objects.filter(pk=notification.pk).update(created_at=now - age)
