"""Writes on teachers with business rules: the admin, the API and the demo data call these."""

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import TEACHERS_GROUP
from core import public_cache
from teachers.models import Teacher


@transaction.atomic
def teacher_account_link(*, teacher, user):
    """Make ``user`` the account ``teacher`` signs in with, or unlink it with ``user=None``.

    A linked account can sign in to the admin (``is_staff``) and joins the "Teachers" group, whose permissions
    and the admin's narrowing let it run only its own courses. A staff member who is linked keeps every staff
    power and is not put in the group. The account unlinked (or replaced) goes back to what it was: out of the
    group, and no longer staff unless it was staff before.
    """
    teacher = Teacher.all_objects.select_for_update().get(pk=teacher.pk)
    previous_id = teacher.user_id
    if previous_id == (user.pk if user else None):
        return teacher
    group = Group.objects.get(name=TEACHERS_GROUP)
    if previous_id is not None:
        _teacher_account_release(teacher.user, group=group)
    if user is not None:
        # The account another teacher signed in with moves to this one.
        Teacher.all_objects.filter(user=user).exclude(pk=teacher.pk).update(user=None)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            user.groups.add(group)
    teacher.user = user
    teacher.save(update_fields=["user", "updated_at"])
    public_cache.changed(public_cache.teacher_key(teacher.pk))
    return teacher


def _teacher_account_release(user, *, group):
    if user.groups.filter(pk=group.pk).exists():
        user.groups.remove(group)
        user.is_staff = False
        user.save(update_fields=["is_staff"])


def teacher_course_claim(*, user, course):
    """A course a teacher account creates is theirs: ``user``'s teacher teaches it."""
    course.teachers.add(*Teacher.objects.filter(user=user))
