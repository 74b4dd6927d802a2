from django.core.cache import cache

from notifications.models import Notification
from notifications.services import unread_count_key

UNREAD_COUNT_TIMEOUT = 60 * 60


def unread_count(*, user):
    """The bell's number: cached per learner, forgotten by notify and mark-read, counted from a partial index."""
    key = unread_count_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.for_recipient(user).unread().count()
        cache.set(key, count, UNREAD_COUNT_TIMEOUT)
    return count


def notification_list(*, user):
    return Notification.objects.for_recipient(user).select_related("actor")
