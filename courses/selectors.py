"""Catalog reads shared by the pages, the API and the original-clients API, so they always show the same thing.

Every learner-facing read starts from ``Course.objects.published()``: draft, scheduled and hidden courses
behave exactly like unknown ones.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, FloatField, Prefetch, Q, Value
from django.db.models.functions import Now

from core import public_cache
from core.compiled_query import CompiledQuery
from courses.models import Caption, CaptionCue, Category, Course, Lesson
from courses.search import clean_search_text, course_ids_taught_by, moment_search
from teachers.models import Teacher

# Order keys for ``course_list``. Each ends with the primary key, so pages never shift between requests.
NEWEST_FIRST = ("-published_at", "name", "id")
MOST_POPULAR = ("-total_ratings", "-average_rating", "name", "id")
BEST_RATED = ("-average_rating", "-total_ratings", "name", "id")
BY_NAME = ("name", "-published_at", "id")
RELEVANCE = ("-rank", "-published_at", "name", "id")
"""``RELEVANCE`` only makes sense together with ``search``."""

LESSON_ORDER = ("position", "id")


def next_publication_at():
    """When the next scheduled course goes public, or None: the public pages change by themselves then."""
    scheduled = Course.objects.filter(status=Course.Status.PUBLISHED, published_at__gt=Now())
    return scheduled.order_by("published_at").values_list("published_at", flat=True).first()


_published_course_by_slug = CompiledQuery(lambda slug: Course.objects.published().filter(slug=slug).order_by())
_published_course_by_id = CompiledQuery(lambda pk: Course.objects.published().filter(pk=pk).order_by())


def course_get_published(*, slug=None, pk=None):
    """One published course, by slug or id, without extras. Raises Course.DoesNotExist like an unknown one.

    Every rating, progress and stats endpoint starts here, so the SQL is compiled once (``CompiledQuery``)."""
    course = _published_course_by_slug.get(slug=slug) if slug is not None else _published_course_by_id.get(pk=pk)
    public_cache.depends_on(public_cache.course_key(course.pk))
    return course


def _teachers_by_name(teachers=None):
    return Prefetch("teachers", queryset=(Teacher.objects.all() if teachers is None else teachers).order_by("name"))


def course_id_for_slug(slug):
    """The id of the live course with this slug, published or not, or None."""
    return Course.objects.filter(slug=slug).values_list("pk", flat=True).first()


def course_cards():
    """Published courses with everything a course card shows, in a fixed number of queries."""
    return (
        Course.objects.published().with_lesson_totals().select_related("category").prefetch_related(_teachers_by_name())
    )


def course_index():
    """Published courses without the card extras, newest first: for long plain listings."""
    return Course.objects.published().order_by(*NEWEST_FIRST)


def course_index_with_teacher_ids(*, columns):
    """``course_index`` reading only ``columns``, with the teachers' ids in the order course cards list them."""
    return course_index().only(*columns).prefetch_related(_teachers_by_name(Teacher.objects.only("id")))


def course_list(*, search="", category="", level="", teacher="", order_by=NEWEST_FIRST):
    """The catalog: published course cards, filtered by slugs and level, searched and ordered.

    Every course carries a ``rank`` annotation (0 without ``search``), so ``order_by=RELEVANCE`` is available.
    """
    courses = course_cards()
    if category:
        courses = courses.filter(category__slug=category)
    if level:
        courses = courses.filter(level=level)
    if teacher:
        courses = courses.filter(id__in=course_ids_taught_by(Teacher.objects.filter(slug=teacher)))
    if clean_search_text(search):
        courses = courses.search(search)
    else:
        courses = courses.annotate(rank=Value(0.0, output_field=FloatField()))
    return courses.order_by(*order_by)


def course_detail(*, slug):
    """One published course with its ordered lessons, teachers and category. Raises Course.DoesNotExist.

    Its ``lessons_count`` and ``duration_seconds`` are counted from the lessons it brings anyway, not by the two
    subqueries a course card needs.
    """
    lessons = Prefetch("lessons", queryset=Lesson.objects.order_by(*LESSON_ORDER))
    course = (
        Course.objects.published()
        .select_related("category")
        .prefetch_related(_teachers_by_name(), lessons)
        .get(slug=slug)
    )
    public_cache.depends_on(public_cache.course_key(course.pk))
    course.lessons_count = len(course.lessons.all())
    course.duration_seconds = sum(lesson.duration_seconds for lesson in course.lessons.all())
    return course


class CourseDetailRows(NamedTuple):
    course: dict
    teachers: list
    lessons: list


# What the APIs' course details show of the course itself, /api/v1/ and the original clients' shape alike.
COURSE_DETAIL_COLUMNS = (
    "id",
    "slug",
    "name",
    "name_en",
    "summary",
    "summary_en",
    "description",
    "description_en",
    "thumbnail",
    "level",
    "average_rating",
    "total_ratings",
    *Course.RATINGS_BY_SCORE.values(),
    "published_at",
    "created_at",
    "updated_at",
    "deleted_at",
    "category__slug",
    "category__name",
    "category__name_en",
)


_published_course_row = CompiledQuery(
    lambda slug: Course.objects.published().filter(slug=slug).order_by().values(*COURSE_DETAIL_COLUMNS)
)
_course_teacher_rows = CompiledQuery(
    lambda course_id: Teacher.objects.filter(courses=course_id).order_by("name").values("id", "slug", "name")
)
_course_lessons = CompiledQuery(lambda course_id: Lesson.objects.filter(course=course_id).order_by(*LESSON_ORDER))


def course_detail_rows(*, slug):
    """``course_detail`` for the APIs, which answer plain data: the same course, teachers and lessons, with the
    course and its teachers as ``.values()`` rows (the lessons stay instances, for their video URLs). Building
    the course, category and teacher instances and the prefetch machinery cost a quarter of the request, and
    building and compiling the three queries as much again: their SQL is compiled once (``CompiledQuery``).
    Raises Course.DoesNotExist."""
    course = _published_course_row.get(slug=slug)
    public_cache.depends_on(public_cache.course_key(course["id"]))
    teachers = _course_teacher_rows(course_id=course["id"])
    lessons = _course_lessons(course_id=course["id"])
    return CourseDetailRows(course, teachers, lessons)


@dataclass(frozen=True)
class LessonInCourse:
    """A lesson with its place in its published course: what the player and the lesson API show."""

    lesson: Lesson
    course: Course
    lessons: tuple
    previous: Lesson | None
    next: Lesson | None

    @property
    def number(self):
        return self.lessons.index(self.lesson) + 1


def lesson_detail(*, course_slug, lesson_slug):
    """A lesson of a published course with its neighbours.

    Raises Lesson.DoesNotExist for unknown, deleted or unpublished lessons.
    """
    course = Course.objects.published().select_related("category").filter(slug=course_slug).first()
    if course is None:
        raise Lesson.DoesNotExist
    public_cache.depends_on(public_cache.course_key(course.pk))
    lessons = tuple(Lesson.objects.filter(course=course).order_by(*LESSON_ORDER))
    for lesson in lessons:
        lesson.course = course  # so every lesson's URL is built without a query of its own
    for index, lesson in enumerate(lessons):
        if lesson.slug == lesson_slug:
            return LessonInCourse(
                lesson=lesson,
                course=course,
                lessons=lessons,
                previous=lessons[index - 1] if index > 0 else None,
                next=lessons[index + 1] if index + 1 < len(lessons) else None,
            )
    raise Lesson.DoesNotExist


_published_lesson_by_id = CompiledQuery(
    lambda pk: Lesson.objects.filter(pk=pk, course__in=Course.objects.published()).order_by()
)


def lesson_get_published(*, pk):
    """A live lesson of a published course, by id (its course is not loaded). Raises Lesson.DoesNotExist."""
    lesson = _published_lesson_by_id.get(pk=pk)
    public_cache.depends_on(public_cache.course_key(lesson.course_id))
    return lesson


def course_lessons(*, course):
    """The live lessons of a course, in order, with their caption tracks."""
    return Lesson.objects.filter(course=course).order_by(*LESSON_ORDER).prefetch_related("captions")


def category_list():
    """Live categories in their staff-set order, with ``courses_count``: how many published courses each has."""
    return Category.objects.annotate(
        courses_count=Count("courses", filter=Q(courses__in=Course.objects.published()), distinct=True)
    ).order_by("position", "name")


def catalog_categories():
    """Categories that have at least one published course, with ``courses_count``, in one query."""
    return category_list().filter(courses_count__gt=0)


def lesson_captions(*, lesson):
    """The lesson's caption tracks with their cues, Spanish first."""
    cues = Prefetch("cues", queryset=CaptionCue.objects.order_by("position"))
    return list(Caption.objects.filter(lesson=lesson).order_by("language").prefetch_related(cues))


def moment_list(*, search):
    """Caption cues of live lessons in published courses that match ``search``, best first.

    Each cue carries ``highlighted`` (the text with the matched words between search.HIGHLIGHT_START and
    HIGHLIGHT_END on PostgreSQL, empty on SQLite) and its caption, lesson and course, in one query.
    """
    if not clean_search_text(search):
        return CaptionCue.objects.none()
    cues = CaptionCue.objects.filter(
        caption__lesson__deleted_at__isnull=True, caption__lesson__course__in=Course.objects.published()
    ).select_related("caption__lesson__course")
    return moment_search(cues, search).order_by(
        "-rank", "caption__lesson__course__name", "caption__lesson__position", "caption__language", "position"
    )
