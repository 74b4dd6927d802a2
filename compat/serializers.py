"""The original Platziflix shapes: field names as its Next.js site and mobile apps read them."""

from django.templatetags.static import static
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from core.translation import active_translation_language, row_text
from courses.api.serializers import (
    RatingDistributionSerializer,
    absolute_media_url,
    course_thumbnail_url,
    datetime_representation,
)
from courses.models import Course, Lesson
from learning.models import Rating

MAX_ID = 2**63 - 1


COURSE_PLACEHOLDER = "img/course-placeholder.png"


def _absolute(request, url):
    """An absolute URL, or "" for none: the mobile apps decode these fields as non-optional strings."""
    return absolute_media_url(request, url) or ""


playable_video_field = extend_schema_field(
    serializers.CharField(help_text="The best playable URL (HLS once processed); an empty string when there is none.")
)


def _playable_video(request, lesson):
    return _absolute(request, lesson.playable_url)


def _placeholder_url(request):
    return _absolute(request, static(COURSE_PLACEHOLDER))


class CompatCourseSerializer(serializers.ModelSerializer):
    """The original list item plus what the iOS and Android ``CourseDTO``s declare."""

    thumbnail = serializers.SerializerMethodField(help_text="Never null: a placeholder picture when there is none.")
    average_rating = serializers.FloatField(read_only=True)
    teacher_id = serializers.SerializerMethodField()
    deleted_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Course
        fields = [
            "id",
            "name",
            "description",
            "thumbnail",
            "slug",
            "average_rating",
            "total_ratings",
            "teacher_id",
            "created_at",
            "updated_at",
            "deleted_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_thumbnail(self, course):
        if course.thumbnail:
            return _absolute(self.context["request"], course.thumbnail.url)
        if "placeholder_url" not in self.context:  # the context is shared by every item of a list
            self.context["placeholder_url"] = _placeholder_url(self.context["request"])
        return self.context["placeholder_url"]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_teacher_id(self, course):
        return [teacher.pk for teacher in course.teachers.all()]


class CompatClassRefSerializer(serializers.ModelSerializer):
    """A lesson inside the course detail: the original ``{id, name, description, slug}`` plus what the Next.js
    site's ``Class`` type reads (``title``, ``duration`` in seconds, ``video``)."""

    title = serializers.CharField(source="name", read_only=True)
    duration = serializers.IntegerField(source="duration_seconds", read_only=True, help_text="Seconds.")
    video = serializers.SerializerMethodField()

    class Meta:
        model = Lesson
        fields = ["id", "name", "description", "slug", "title", "duration", "video"]
        read_only_fields = fields

    @playable_video_field
    def get_video(self, lesson):
        return _playable_video(self.context["request"], lesson)


class CompatCourseDetailSerializer(CompatCourseSerializer):
    title = serializers.CharField(source="name", read_only=True)
    teacher = serializers.SerializerMethodField(help_text='Teacher names joined with ", ".')
    classes = CompatClassRefSerializer(source="lessons", many=True, read_only=True)
    rating_distribution = serializers.SerializerMethodField()

    class Meta(CompatCourseSerializer.Meta):
        fields = [*CompatCourseSerializer.Meta.fields, "title", "teacher", "classes", "rating_distribution"]
        read_only_fields = fields

    def get_teacher(self, course) -> str:
        return ", ".join(teacher.name for teacher in course.teachers.all())

    @extend_schema_field(RatingDistributionSerializer)
    def get_rating_distribution(self, course):
        return course.rating_distribution


def compat_course_detail_data(rows, *, request):
    """What ``CompatCourseDetailSerializer`` answers for a course, built as plain data from
    ``courses.selectors.course_detail_rows``, without DRF's field machinery: it cost as much as the queries. The
    serializer stays as the schema; the tests hold the two equal."""
    course, teachers, lessons = rows
    language = active_translation_language()
    name = row_text(course, "name", language)
    thumbnail = course_thumbnail_url(course)
    return {
        "id": course["id"],
        "name": name,
        "description": row_text(course, "description", language),
        "thumbnail": _absolute(request, thumbnail) if thumbnail else _placeholder_url(request),
        "slug": course["slug"],
        "average_rating": float(course["average_rating"]),
        "total_ratings": course["total_ratings"],
        "teacher_id": [teacher["id"] for teacher in teachers],
        "created_at": datetime_representation(course["created_at"]),
        "updated_at": datetime_representation(course["updated_at"]),
        "deleted_at": datetime_representation(course["deleted_at"]),
        "title": name,
        "teacher": ", ".join(teacher["name"] for teacher in teachers),
        "classes": [
            {
                "id": lesson.id,
                "name": lesson.name,
                "description": lesson.description,
                "slug": lesson.slug,
                "title": lesson.name,
                "duration": lesson.duration_seconds,
                "video": _playable_video(request, lesson),
            }
            for lesson in lessons
        ],
        "rating_distribution": Course.rating_distribution_of(course),
    }


def compat_class_data(lesson, *, request):
    """What ``CompatClassSerializer`` answers for ``lesson``, built as plain data (see
    ``compat_course_detail_data``)."""
    video = _playable_video(request, lesson)
    return {
        "id": lesson.id,
        "title": lesson.name,
        "description": lesson.description,
        "slug": lesson.slug,
        "video": video,
        "duration": lesson.duration_seconds,
        "course_id": lesson.course_id,
        "name": lesson.name,
        "video_url": video,
        "created_at": datetime_representation(lesson.created_at),
        "updated_at": datetime_representation(lesson.updated_at),
        "deleted_at": datetime_representation(lesson.deleted_at),
    }


class CompatClassSerializer(serializers.ModelSerializer):
    """The original class answer plus what the iOS ``ClassDetailDTO`` declares."""

    title = serializers.CharField(source="name", read_only=True)
    video = serializers.SerializerMethodField()
    duration = serializers.IntegerField(source="duration_seconds", read_only=True, help_text="Seconds.")
    course_id = serializers.IntegerField(read_only=True)
    video_url = serializers.SerializerMethodField()
    deleted_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Lesson
        fields = [
            "id",
            "title",
            "description",
            "slug",
            "video",
            "duration",
            "course_id",
            "name",
            "video_url",
            "created_at",
            "updated_at",
            "deleted_at",
        ]
        read_only_fields = fields

    @playable_video_field
    def get_video(self, lesson):
        return _playable_video(self.context["request"], lesson)

    @playable_video_field
    def get_video_url(self, lesson):
        return _playable_video(self.context["request"], lesson)


class CompatRatingSerializer(serializers.ModelSerializer):
    course_id = serializers.IntegerField(read_only=True)
    user_id = serializers.IntegerField(read_only=True)
    rating = serializers.IntegerField(source="score", read_only=True)

    class Meta:
        model = Rating
        fields = ["id", "course_id", "user_id", "rating", "created_at", "updated_at"]
        read_only_fields = fields


class CompatRatingInputSerializer(serializers.Serializer):
    """Documents the body; ``compat.validation.rating_body`` reads it as the original did."""

    user_id = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Must be the caller's own id.")
    rating = serializers.IntegerField(min_value=1, max_value=5)


class CompatRatingStatsSerializer(serializers.Serializer):
    average_rating = serializers.FloatField(read_only=True)
    total_ratings = serializers.IntegerField(read_only=True)
    rating_distribution = RatingDistributionSerializer(read_only=True)


HealthSerializer = inline_serializer(
    "CompatHealth",
    fields={
        "status": serializers.CharField(),
        "service": serializers.CharField(),
        "version": serializers.CharField(),
        "database": serializers.BooleanField(),
        "courses_count": serializers.IntegerField(required=False, help_text="Published courses; absent when down."),
    },
)
WelcomeSerializer = inline_serializer("CompatWelcome", fields={"message": serializers.CharField()})
