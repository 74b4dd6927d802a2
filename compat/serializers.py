"""The original Platziflix shapes: field names as its Next.js site and mobile apps read them."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from courses.api.serializers import RatingDistributionSerializer
from courses.models import Course, Lesson
from learning import selectors
from learning.models import Rating

MAX_ID = 2**63 - 1


def _absolute(request, url):
    return request.build_absolute_uri(url) if url else None


class CompatCourseSerializer(serializers.ModelSerializer):
    thumbnail = serializers.ImageField(read_only=True, allow_null=True)
    average_rating = serializers.FloatField(read_only=True)

    class Meta:
        model = Course
        fields = ["id", "name", "description", "thumbnail", "slug", "average_rating", "total_ratings"]
        read_only_fields = fields


class CompatClassRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lesson
        fields = ["id", "name", "description", "slug"]
        read_only_fields = fields


class CompatCourseDetailSerializer(CompatCourseSerializer):
    teacher_id = serializers.SerializerMethodField()
    classes = CompatClassRefSerializer(source="lessons", many=True, read_only=True)
    rating_distribution = serializers.SerializerMethodField()

    class Meta(CompatCourseSerializer.Meta):
        fields = [*CompatCourseSerializer.Meta.fields, "teacher_id", "classes", "rating_distribution"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_teacher_id(self, course):
        return [teacher.pk for teacher in course.teachers.all()]

    @extend_schema_field(RatingDistributionSerializer)
    def get_rating_distribution(self, course):
        return selectors.rating_distribution(course=course)


class CompatClassSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="name", read_only=True)
    video = serializers.SerializerMethodField()
    duration = serializers.IntegerField(source="duration_seconds", read_only=True, help_text="Seconds.")

    class Meta:
        model = Lesson
        fields = ["id", "title", "description", "slug", "video", "duration"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_video(self, lesson):
        return _absolute(self.context["request"], lesson.playable_url)


class CompatRatingSerializer(serializers.ModelSerializer):
    course_id = serializers.IntegerField(read_only=True)
    user_id = serializers.IntegerField(read_only=True)
    rating = serializers.IntegerField(source="score", read_only=True)

    class Meta:
        model = Rating
        fields = ["id", "course_id", "user_id", "rating", "created_at", "updated_at"]
        read_only_fields = fields


class CompatRatingInputSerializer(serializers.Serializer):
    user_id = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Must be the caller's own id.")
    rating = serializers.IntegerField(min_value=1, max_value=5)


class CompatRatingStatsSerializer(serializers.Serializer):
    average_rating = serializers.FloatField(read_only=True)
    total_ratings = serializers.IntegerField(read_only=True)
    rating_distribution = RatingDistributionSerializer(read_only=True)


HealthSerializer = inline_serializer(
    "CompatHealth",
    fields={"status": serializers.CharField(), "database": serializers.CharField(), "version": serializers.CharField()},
)
