from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate, pre_delete
from django.utils.translation import gettext_lazy as _

from core import public_cache


def _teacher_keys(teacher, fields):
    courses = teacher.courses.values_list("pk", flat=True)
    return [public_cache.teacher_key(teacher.pk), public_cache.COURSES, *map(public_cache.course_key, courses)]


def _before_account_delete(sender, instance, **kwargs):
    """Deleting a teacher's account unlinks it in SQL (``SET_NULL``), which sends no signal on the teacher: their
    public page stops saying "verified"."""
    from teachers.models import Teacher

    linked = Teacher.all_objects.filter(user=instance).values_list("pk", flat=True)
    if keys := [public_cache.teacher_key(pk) for pk in linked]:
        public_cache.changed(*keys)


def _teachers_group_sync(sender, using, apps=None, **kwargs):
    from teachers.services import teachers_group_sync

    # migrate sends the migrated state's apps; flush sends none (the database has every table then)
    teachers_group_sync(using=using, **({"apps": apps} if apps is not None else {}))


class TeachersConfig(AppConfig):
    name = "teachers"
    verbose_name = _("Teachers")

    def ready(self):
        public_cache.watch(self.get_model("Teacher"), keys=_teacher_keys)
        pre_delete.connect(
            _before_account_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="teachers_account_delete"
        )
        post_migrate.connect(_teachers_group_sync, sender=self, dispatch_uid="teachers_group_sync")
