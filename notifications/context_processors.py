from functools import cached_property

from notifications import selectors


class Bell:
    """The header's bell: its count is read (from the cache, else one indexed COUNT) once, and only if shown."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self):
        return selectors.unread_count(user=self.user)


def notification_bell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notification_bell": Bell(user)}
