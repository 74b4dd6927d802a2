"""Read paths for teachers, shared by the pages and the API."""

from django.db.models import Count, Prefetch, Q

from core import public_cache
from courses.models import Course
from courses.selectors import NEWEST_FIRST, course_cards
from teachers.models import Teacher


def teacher_list():
    """Live teachers by name, with ``courses_count`` and their published courses (newest first) in
    ``published_courses``."""
    published = Course.objects.published()
    return (
        Teacher.objects.annotate(courses_count=Count("courses", filter=Q(courses__in=published), distinct=True))
        .order_by("name", "id")
        .prefetch_related(
            Prefetch(
                "courses",
                queryset=published.order_by(*NEWEST_FIRST).only("id", "slug", "name"),
                to_attr="published_courses",
            )
        )
    )


def teacher_detail(*, slug):
    """A live teacher with their published course cards in ``published_courses``. Raises Teacher.DoesNotExist."""
    teacher = Teacher.objects.prefetch_related(
        Prefetch("courses", queryset=course_cards().order_by(*NEWEST_FIRST), to_attr="published_courses")
    ).get(slug=slug)
    public_cache.depends_on(public_cache.teacher_key(teacher.pk), public_cache.COURSES)
    public_cache.depends_on(*(public_cache.course_key(course.pk) for course in teacher.published_courses))
    return teacher


def teaches(user, course_id):
    """Whether ``user`` is a live teacher of the course: what accepting answers, the teacher badge and a
    teacher's own analytics check."""
    if not user.is_authenticated:
        return False
    return Teacher.objects.filter(user_id=user.pk, courses__id=course_id).exists()


def course_teacher_user_ids(*, course_id):
    """The accounts of the course's teachers: whose posts carry the teacher badge."""
    return set(Teacher.objects.filter(courses__id=course_id, user__isnull=False).values_list("user_id", flat=True))
