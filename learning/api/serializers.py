from rest_framework import serializers

from api.serializers import AbsoluteUrlField, StrictStringsMixin
from courses.api.serializers import CourseRefSerializer, RatingDistributionSerializer, average_rating_field
from courses.models import Lesson
from learning import services
from learning.models import Rating

MAX_POSITION_SECONDS = 2_147_483_647  # the largest value PostgreSQL's integer column holds


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)


class RatingSerializer(serializers.ModelSerializer):
    course = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    user = UserRefSerializer(read_only=True)

    class Meta:
        model = Rating
        fields = ["id", "course", "user", "score", "review", "created_at", "updated_at"]
        read_only_fields = fields


class RatingInputSerializer(StrictStringsMixin, serializers.Serializer):
    score = serializers.IntegerField(min_value=1, max_value=5, help_text="From 1 to 5 stars.")
    review = serializers.CharField(max_length=services.REVIEW_MAX_LENGTH, allow_blank=True, required=False, default="")


class RatingStatsSerializer(serializers.Serializer):
    average_rating = average_rating_field(help_text="Average score to 2 decimals; 0 when nobody has rated.")
    total_ratings = serializers.IntegerField(read_only=True)
    rating_distribution = RatingDistributionSerializer(read_only=True)


class ProgressInputSerializer(serializers.Serializer):
    position_seconds = serializers.IntegerField(min_value=0, max_value=MAX_POSITION_SECONDS)
    completed = serializers.BooleanField(required=False, default=False)


class ProgressSerializer(serializers.Serializer):
    course = serializers.SlugField(source="lesson.course.slug", read_only=True)
    lesson = serializers.SlugField(source="lesson.slug", read_only=True)
    position_seconds = serializers.IntegerField(read_only=True)
    completed = serializers.BooleanField(source="is_completed", read_only=True)
    completed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(read_only=True)


class LessonRefSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()

    class Meta:
        model = Lesson
        fields = ["id", "slug", "name", "url"]
        read_only_fields = fields


class CourseProgressSerializer(serializers.Serializer):
    course = CourseRefSerializer(read_only=True)
    completed_lessons = serializers.IntegerField(read_only=True)
    total_lessons = serializers.IntegerField(read_only=True)
    percent = serializers.IntegerField(read_only=True, min_value=0, max_value=100)
    is_completed = serializers.BooleanField(read_only=True)
    last_lesson = LessonRefSerializer(read_only=True, allow_null=True)
    next_lesson = LessonRefSerializer(read_only=True, allow_null=True, help_text="Where 'continue' leads.")
    last_activity = serializers.DateTimeField(read_only=True)
