from functools import cached_property

from notebook import selectors


class SavedCourses:
    """Which courses the signed-in learner saved: read once per page (one query), and only if a card asks."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def ids(self):
        return selectors.saved_course_ids(learner=self.user)


def saved_courses(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"saved_courses": SavedCourses(user)}
