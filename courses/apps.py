from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from core import observability, public_cache


def _ensure_sqlite_full_text(using, **kwargs):
    from courses.search_documents import sqlite_full_text_ensure

    sqlite_full_text_ensure(connections[using])


def _course_keys(course, fields):
    """A course's own answers; and the lists' too, unless only its stored rating figures changed (the lists
    that show averages depend on ``any``, which every write moves)."""
    rating_fields = {"average_rating", "total_ratings", "updated_at", *course.RATINGS_BY_SCORE.values()}
    if fields and set(fields) <= rating_fields:
        return [public_cache.course_key(course.pk)]
    return [public_cache.course_key(course.pk), public_cache.COURSES]


def _lesson_keys(lesson, fields):
    return [public_cache.course_key(lesson.course_id)]


def _caption_keys(caption, fields):
    return [public_cache.course_key(caption.lesson.course_id)]


def _category_keys(category, fields):
    courses = category.courses.values_list("pk", flat=True)
    return [public_cache.category_key(category.pk), public_cache.COURSES, *map(public_cache.course_key, courses)]


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        post_migrate.connect(_ensure_sqlite_full_text, sender=self, dispatch_uid="courses_sqlite_full_text")
        from courses.metrics import LessonVideosCollector

        observability.register_scrape_collector(LessonVideosCollector())
        public_cache.watch(self.get_model("Course"), keys=_course_keys)
        public_cache.watch(self.get_model("Lesson"), keys=_lesson_keys)
        public_cache.watch(self.get_model("Caption"), keys=_caption_keys)
        public_cache.watch(self.get_model("Category"), keys=_category_keys)
