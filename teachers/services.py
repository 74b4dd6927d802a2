"""Writes on teachers with business rules: the admin, the API and the demo data call these."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q

from accounts.models import TEACHERS_GROUP
from core import public_cache
from teachers.models import Teacher

# What a teacher account may do (the admin and the API narrow it to the courses they teach). The migration that
# made the "Teachers" group keeps its own copy of this list; teachers_group_sync keeps the group in step with it.
TEACHER_PERMISSIONS = {
    "courses": [
        *("view_course", "add_course", "change_course", "view_lesson", "add_lesson", "change_lesson"),
        *("view_caption", "add_caption", "change_caption", "delete_caption"),
    ],
    "learning": [
        *("view_exam", "add_exam", "change_exam", "view_question", "add_question", "change_question"),
        *("delete_question", "view_choice", "add_choice", "change_choice", "delete_choice"),
    ],
    "teachers": ["view_teacher", "change_teacher"],
}


def teachers_group_sync(*, using="default", apps=global_apps):
    """The "Teachers" group with exactly TEACHER_PERMISSIONS, made again if it is missing: run after every
    migrate (``apps`` is the migrated state, so a database migrated back below these apps is left alone) and
    after a flush, which empties the tables the migration filled."""
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
        for app_label in TEACHER_PERMISSIONS:
            apps.get_app_config(app_label)
    except LookupError:
        return None
    for app_label in TEACHER_PERMISSIONS:  # apps later in INSTALLED_APPS get theirs after this app's signal
        create_permissions(global_apps.get_app_config(app_label), verbosity=0, using=using, apps=apps)
    group, _created = group_model.objects.using(using).get_or_create(name=TEACHERS_GROUP)
    wanted = Q()
    for app_label, codenames in TEACHER_PERMISSIONS.items():
        wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
    group.permissions.set(permission_model.objects.using(using).filter(wanted))
    return group


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
