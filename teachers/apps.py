from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import public_cache


def _teacher_keys(teacher, fields):
    courses = teacher.courses.values_list("pk", flat=True)
    return [public_cache.teacher_key(teacher.pk), public_cache.COURSES, *map(public_cache.course_key, courses)]


class TeachersConfig(AppConfig):
    name = "teachers"
    verbose_name = _("Teachers")

    def ready(self):
        public_cache.watch(self.get_model("Teacher"), keys=_teacher_keys)
