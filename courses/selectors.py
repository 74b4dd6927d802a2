"""Catalog reads shared by the pages, the API and the original-clients API, so they always show the same thing.

Every learner-facing read starts from ``Course.objects.published()``: draft, scheduled and hidden courses
behave exactly like unknown ones.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, FloatField, Prefetch, Q, Value
from django.db.models.functions import Now

from core import public_cache, sql
from courses import sql as course_sql
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


def course_get_published(*, slug=None, pk=None):
    """One published course, by slug or id, without extras. Raises Course.DoesNotExist like an unknown one.

    Every rating, progress and stats endpoint starts here, so its SQL is written once (``courses.sql``)."""
    value = slug if slug is not None else pk
    if not sql.can_match(value):
        raise Course.DoesNotExist("Course matching query does not exist.")
    query = course_sql.PUBLISHED_COURSE_BY_SLUG if slug is not None else course_sql.PUBLISHED_COURSE_BY_ID
    alias, rows = sql.fetch(Course, query, [value, *course_sql.published_params()], sql.concrete_fields(Course))
    course = _one(Course, sql.instances(Course, alias, rows))
    public_cache.depends_on(public_cache.course_key(course.pk))
    return course


def _one(model, found):
    """The one row or instance, as ``QuerySet.get`` answers: raises the model's DoesNotExist otherwise."""
    if not found:
        raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
    return found[0]


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


def course_detail_rows(*, slug):
    """``course_detail`` for the APIs, which answer plain data: the same course, teachers and lessons, with the
    course (keys as ``.values()`` names them: ``slug``, ``name_en``, ``category__name``) and its teachers as dicts
    (the lessons stay instances, for their video URLs). Building the course, category and teacher instances and
    the prefetch machinery cost a quarter of the request, and building and compiling the three queries as much
    again: their SQL is written once (``courses.sql``). Raises Course.DoesNotExist."""
    if not sql.can_match(slug):
        raise Course.DoesNotExist("Course matching query does not exist.")
    names, fields = course_sql.course_detail_columns()
    _alias, rows = sql.fetch(Course, course_sql.COURSE_DETAIL, [slug, *course_sql.published_params()], fields)
    course = dict(zip(names, _one(Course, rows), strict=True))
    public_cache.depends_on(public_cache.course_key(course["id"]))
    _alias, teachers = sql.fetch(Teacher, course_sql.COURSE_TEACHERS, [course["id"]], ())
    alias, lessons = sql.fetch(Lesson, course_sql.COURSE_LESSONS, [course["id"]], sql.concrete_fields(Lesson))
    return CourseDetailRows(
        course,
        [{"id": id_, "slug": slug, "name": name} for id_, slug, name in teachers],
        sql.instances(Lesson, alias, lessons),
    )


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


def lesson_get_published(*, pk):
    """A live lesson of a published course, by id (its course is not loaded). Raises Lesson.DoesNotExist."""
    if not sql.can_match(pk):
        raise Lesson.DoesNotExist("Lesson matching query does not exist.")
    params = [pk, *course_sql.published_params()]
    alias, rows = sql.fetch(Lesson, course_sql.PUBLISHED_LESSON_BY_ID, params, sql.concrete_fields(Lesson))
    lesson = _one(Lesson, sql.instances(Lesson, alias, rows))
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


def courses_run_by(*, user):
    """The live courses ``user`` may write to (drafts too): all of them for a staff member, only the ones they
    teach for a teacher account. Writes through the API look their course up here, so another teacher's course
    is not found."""
    courses = Course.objects.all()
    if not user.is_authenticated:  # the schema generator and refused requests ask too
        return courses.none()
    if user.is_staff_member:
        return courses
    return courses.filter(teachers__user=user)
