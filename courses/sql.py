"""The SQL of the catalog's hottest reads (see ``core.sql``): a published course by slug or id, the APIs' course
detail (its row, teachers and lessons) and a published lesson by id. Tables and columns are named from the
models' ``_meta``; translated columns from ``core.translation.translation_field_names``.

"Published" is what ``Course.objects.published()`` says, and the tests hold the two equal: status published,
neither the course nor its category deleted, and the publication date reached by the database's clock.
"""

from functools import cache

from core.sql import concrete_fields, per_vendor
from core.translation import translation_field_names
from courses.models import Category, Course, Lesson
from teachers.models import Teacher


def published_params():
    """The parameters of ``_published`` (after the read's own)."""
    return [Course.Status.PUBLISHED.value]


def _published(sql):
    """The ``WHERE`` conditions of a published course ``c`` in category ``cat``; one parameter (the status)."""
    return (
        f"{sql.column(Course, 'status', 'c')} = %s AND {sql.column(Course, 'deleted_at', 'c')} IS NULL"
        f" AND {sql.column(Category, 'deleted_at', 'cat')} IS NULL"
        f" AND {sql.column(Course, 'published_at', 'c')} <= {sql.now}"
    )


def _join_category(sql):
    """Joins the category ``cat`` of course ``c``."""
    on = f"{sql.column(Category, 'id', 'cat')} = {sql.column(Course, 'category', 'c')}"
    return f" INNER JOIN {sql.table(Category, 'cat')} ON {on}"


def _published_course_by(field_name):
    def build(sql):
        columns = sql.columns(Course, [field.name for field in concrete_fields(Course)], "c")
        return (
            f"SELECT {columns} FROM {sql.table(Course, 'c')}{_join_category(sql)}"
            f" WHERE {sql.column(Course, field_name, 'c')} = %s AND {_published(sql)}"
        )

    return per_vendor(build)


PUBLISHED_COURSE_BY_SLUG = _published_course_by("slug")
PUBLISHED_COURSE_BY_ID = _published_course_by("id")


@cache
def course_detail_columns():
    """The names of the course detail row's values (as ``.values()`` names them) and their fields."""
    course_fields = [
        "id",
        "slug",
        *translation_field_names(Course, "name"),
        *translation_field_names(Course, "summary"),
        *translation_field_names(Course, "description"),
        "thumbnail",
        "level",
        "average_rating",
        "total_ratings",
        *Course.RATINGS_BY_SCORE.values(),
        "published_at",
        "created_at",
        "updated_at",
        "deleted_at",
    ]
    category_fields = ["slug", *translation_field_names(Category, "name")]
    names = [*course_fields, *(f"category__{name}" for name in category_fields)]
    fields = [Course._meta.get_field(name) for name in course_fields]
    fields += [Category._meta.get_field(name) for name in category_fields]
    return tuple(names), tuple(fields)


def _course_detail(sql):
    course_fields = [field.name for field in course_detail_columns()[1] if field.model is Course]
    category_fields = [field.name for field in course_detail_columns()[1] if field.model is Category]
    return (
        f"SELECT {sql.columns(Course, course_fields, 'c')}, {sql.columns(Category, category_fields, 'cat')}"
        f" FROM {sql.table(Course, 'c')}{_join_category(sql)}"
        f" WHERE {sql.column(Course, 'slug', 'c')} = %s AND {_published(sql)}"
    )


def _course_teachers(sql):
    """The live teachers of a course: id, slug and name, by name (as ``Teacher.objects...order_by("name")``)."""
    through = Course.teachers.through
    course_link = next(field.name for field in through._meta.get_fields() if field.related_model is Course)
    teacher_link = next(field.name for field in through._meta.get_fields() if field.related_model is Teacher)
    return (
        f"SELECT {sql.columns(Teacher, ['id', 'slug', 'name'], 't')}"
        f" FROM {sql.table(Teacher, 't')} INNER JOIN {sql.table(through, 'ct')}"
        f" ON {sql.column(through, teacher_link, 'ct')} = {sql.column(Teacher, 'id', 't')}"
        f" WHERE {sql.column(through, course_link, 'ct')} = %s AND {sql.column(Teacher, 'deleted_at', 't')} IS NULL"
        f" ORDER BY {sql.column(Teacher, 'name', 't')}"
    )


def _lesson_columns(sql):
    return sql.columns(Lesson, [field.name for field in concrete_fields(Lesson)], "l")


def _course_lessons(sql):
    """The live lessons of a course, every column, in their order (``Lesson.Meta.ordering``)."""
    order = ", ".join(sql.column(Lesson, name, "l") for name in Lesson._meta.ordering)
    return (
        f"SELECT {_lesson_columns(sql)} FROM {sql.table(Lesson, 'l')}"
        f" WHERE {sql.column(Lesson, 'course', 'l')} = %s AND {sql.column(Lesson, 'deleted_at', 'l')} IS NULL"
        f" ORDER BY {order}"
    )


def _published_lesson_by_id(sql):
    """A live lesson of a published course, every column."""
    return (
        f"SELECT {_lesson_columns(sql)} FROM {sql.table(Lesson, 'l')}"
        f" INNER JOIN {sql.table(Course, 'c')} ON {sql.column(Course, 'id', 'c')} = {sql.column(Lesson, 'course', 'l')}"
        f"{_join_category(sql)}"
        f" WHERE {sql.column(Lesson, 'id', 'l')} = %s AND {sql.column(Lesson, 'deleted_at', 'l')} IS NULL"
        f" AND {_published(sql)}"
    )


COURSE_DETAIL = per_vendor(_course_detail)
COURSE_TEACHERS = per_vendor(_course_teachers)
COURSE_LESSONS = per_vendor(_course_lessons)
PUBLISHED_LESSON_BY_ID = per_vendor(_published_lesson_by_id)
