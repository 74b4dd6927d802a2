from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from courses import selectors, services
from courses.models import Category, Course, Lesson, Rating
from platziflix.api_serializers import AbsoluteUrlField, ModelCleanSerializer
from teachers.models import Teacher

MAX_POSITION_SECONDS = 2_147_483_647  # the largest value PostgreSQL's integer column holds

# Keys "1" to "5" are not Python names, hence type() rather than a class statement.
RatingDistributionSerializer = type(
    "RatingDistributionSerializer",
    (serializers.Serializer,),
    {str(score): serializers.IntegerField(min_value=0, read_only=True) for score in range(1, 6)},
)


def average_rating_field(**kwargs):
    return serializers.DecimalField(max_digits=3, decimal_places=2, coerce_to_string=False, read_only=True, **kwargs)


class CategoryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name"]


class TeacherRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Teacher
        fields = ["id", "slug", "name"]


class CourseRefSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()

    class Meta:
        model = Course
        fields = ["id", "slug", "name", "url"]


class CourseListSerializer(serializers.ModelSerializer):
    thumbnail = serializers.ImageField(read_only=True, allow_null=True)
    url = AbsoluteUrlField()
    category = CategoryRefSerializer(read_only=True)
    teachers = TeacherRefSerializer(many=True, read_only=True)
    lessons_count = serializers.IntegerField(read_only=True)
    duration_seconds = serializers.IntegerField(read_only=True)
    average_rating = average_rating_field()

    class Meta:
        model = Course
        fields = [
            "id",
            "slug",
            "name",
            "summary",
            "thumbnail",
            "url",
            "category",
            "level",
            "teachers",
            "lessons_count",
            "duration_seconds",
            "average_rating",
            "total_ratings",
            "published_at",
        ]
        read_only_fields = fields


class LessonSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Lesson
        fields = ["id", "slug", "name", "description", "duration_seconds", "position"]
        read_only_fields = fields


class CourseDetailSerializer(CourseListSerializer):
    lessons = LessonSummarySerializer(many=True, read_only=True)
    rating_distribution = serializers.SerializerMethodField()

    class Meta(CourseListSerializer.Meta):
        fields = [*CourseListSerializer.Meta.fields, "description", "lessons", "rating_distribution"]
        read_only_fields = fields

    @extend_schema_field(RatingDistributionSerializer)
    def get_rating_distribution(self, course):
        return selectors.rating_distribution(course=course)


class LessonDetailSerializer(serializers.ModelSerializer):
    course = CourseRefSerializer(read_only=True)
    url = AbsoluteUrlField()
    video_url = serializers.SerializerMethodField()
    previous_lesson_slug = serializers.SerializerMethodField()
    next_lesson_slug = serializers.SerializerMethodField()

    class Meta:
        model = Lesson
        fields = [
            "id",
            "slug",
            "name",
            "description",
            "duration_seconds",
            "position",
            "url",
            "video_url",
            "course",
            "previous_lesson_slug",
            "next_lesson_slug",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_video_url(self, lesson):
        source = lesson.video_source
        request = self.context.get("request")
        return request.build_absolute_uri(source) if source and request else source or None

    @extend_schema_field(serializers.SlugField(allow_null=True))
    def get_previous_lesson_slug(self, lesson):
        previous = getattr(lesson, "previous_lesson", None)
        return previous.slug if previous else None

    @extend_schema_field(serializers.SlugField(allow_null=True))
    def get_next_lesson_slug(self, lesson):
        following = getattr(lesson, "next_lesson", None)
        return following.slug if following else None


class CategorySerializer(serializers.ModelSerializer):
    courses_count = serializers.IntegerField(read_only=True, help_text="Published courses in the category.")
    url = AbsoluteUrlField()

    class Meta:
        model = Category
        fields = ["id", "slug", "name", "description", "position", "url", "courses_count"]
        read_only_fields = fields


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


class RatingInputSerializer(serializers.Serializer):
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


class CourseWriteSerializer(ModelCleanSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", queryset=Category.objects.all())
    teachers = serializers.SlugRelatedField(
        slug_field="slug", queryset=Teacher.objects.all(), many=True, required=False
    )
    average_rating = average_rating_field()
    url = AbsoluteUrlField()

    class Meta:
        model = Course
        fields = [
            "id",
            "slug",
            "name",
            "summary",
            "description",
            "thumbnail",
            "category",
            "level",
            "teachers",
            "status",
            "published_at",
            "url",
            "average_rating",
            "total_ratings",
        ]
        read_only_fields = ["id", "total_ratings"]

    def validate(self, attrs):
        current = self.instance or Course()
        attrs["published_at"] = services.course_publication_date(
            status=attrs.get("status", current.status), published_at=attrs.get("published_at", current.published_at)
        )
        return super().validate(attrs)


class LessonWriteSerializer(ModelCleanSerializer):
    course = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Lesson
        fields = ["id", "course", "slug", "name", "description", "video_url", "duration_seconds", "position"]
        read_only_fields = ["id", "course"]

    def extra_instance_values(self):
        return {"course": self.context["course"]} if "course" in self.context else {}


class CategoryWriteSerializer(ModelCleanSerializer):
    class Meta:
        model = Category
        fields = ["id", "slug", "name", "description", "position"]
        read_only_fields = ["id"]
