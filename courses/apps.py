from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from core import observability, public_cache


def _ensure_sqlite_full_text(using, **kwargs):
    from courses.search_documents import sqlite_full_text_ensure

    sqlite_full_text_ensure(connections[using])


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        post_migrate.connect(_ensure_sqlite_full_text, sender=self, dispatch_uid="courses_sqlite_full_text")
        from courses.metrics import LessonVideosCollector

        observability.register_scrape_collector(LessonVideosCollector())
        public_cache.watch(*(self.get_model(name) for name in ("Category", "Course", "Lesson", "Caption")))
