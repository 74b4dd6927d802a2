from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from core import learner_pages
from notifications.models import Notification


def unread_count_key(user_id):
    return f"notifications:unread:{user_id}"


def _forget_unread_counts(user_ids):
    """The bell's count changed: its cache, and the learners' cached parts that show it (core.learner_pages)."""
    cache.delete_many([unread_count_key(user_id) for user_id in user_ids])
    for user_id in user_ids:
        learner_pages.learner_changed(user_id)


def notify(*, recipients, kind, actor, thread_id, title, url):
    """One notification per recipient (users or their ids), never for the actor themselves, in one INSERT.

    Returns the notifications made. Their e-mails are sent by a Celery task once the transaction commits.
    """
    actor_id = getattr(actor, "pk", actor)
    recipient_ids = list(dict.fromkeys(getattr(recipient, "pk", recipient) for recipient in recipients))
    recipient_ids = [recipient_id for recipient_id in recipient_ids if recipient_id != actor_id]
    if not recipient_ids:
        return []
    Notification.Kind(kind)  # an unknown kind is a programming error: fail here, not in the mail
    title = title[: Notification.TITLE_MAX_LENGTH]
    notifications = Notification.objects.bulk_create(
        Notification(recipient_id=recipient_id, kind=kind, actor_id=actor_id, thread_id=thread_id, title=title, url=url)
        for recipient_id in recipient_ids
    )
    _forget_unread_counts(recipient_ids)
    transaction.on_commit(lambda: _enqueue_mail([notification.pk for notification in notifications]))
    return notifications


def _enqueue_mail(notification_ids):
    from notifications.tasks import send_notification_mail

    send_notification_mail.delay(notification_ids)


def notifications_mark_read(*, user, ids=None):
    """Marks the user's unread notifications read: those in `ids`, or all when `ids` is None. Returns how many."""
    notifications = Notification.objects.for_recipient(user).unread()
    if ids is not None:
        notifications = notifications.filter(pk__in=ids)
    marked = notifications.update(read_at=timezone.now())
    if marked:
        _forget_unread_counts([user.pk])
    return marked


def notification_mail_send(*, notification_ids):
    """Sends the mail for each of these notifications whose recipient wants mail and has an address, unless the
    recipient was already mailed about the same thread within NOTIFICATION_MAIL_INTERVAL. Returns how many were sent.

    The gate is an atomic cache add taken before sending, so a duplicate run (or two replies at once) sends one mail.
    """
    notifications = (
        Notification.objects.filter(
            pk__in=notification_ids,
            read_at__isnull=True,
            recipient__is_active=True,
            recipient__email_notifications=True,
        )
        .exclude(recipient__email="")
        .select_related("recipient", "actor")
    )
    sent = 0
    for notification in notifications:
        gate = f"notifications:mailed:{notification.recipient_id}:{notification.thread_id}"
        if not cache.add(gate, notification.pk, timeout=settings.NOTIFICATION_MAIL_INTERVAL):
            continue
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "notification": notification,
                "recipient": notification.recipient,
                "actor_name": notification.actor.display_name if notification.actor else gettext("Someone"),
                "link": settings.SITE_URL + notification.url,
                "settings_link": settings.SITE_URL + reverse("profile"),
            }
            subject = " ".join(render_to_string("notifications/email/subject.txt", context).split())
            body = render_to_string("notifications/email/body.txt", context)
        send_mail(subject, body, None, [notification.recipient.email])
        sent += 1
    return sent
