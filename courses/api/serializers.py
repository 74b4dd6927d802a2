from django.conf import settings
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import AbsoluteUrlField, ModelCleanSerializer
from core.translation import active_translation_language, row_text
from courses import services
from courses.models import Caption, CaptionCue, Category, Course, Lesson
from teachers.models import Teacher

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
        return course.rating_distribution


_datetime_field = serializers.DateTimeField()
_average_rating_field = average_rating_field()


def datetime_representation(value):
    """A date and time as DRF's ``DateTimeField`` answers it (ISO 8601 in the current time zone), or None."""
    return None if value is None else _datetime_field.to_representation(value)


def course_detail_data(rows, *, request):
    """What ``CourseDetailSerializer`` answers for a course, built as plain data from ``selectors.course_detail_rows``:
    DRF's field machinery (building the fields of four serializers on every request, then a lookup per attribute)
    cost as much as the queries. The serializer stays as the schema; the tests hold the two equal."""
    course, teachers, lessons = rows
    language = active_translation_language()
    return {
        "id": course["id"],
        "slug": course["slug"],
        "name": row_text(course, "name", language),
        "summary": row_text(course, "summary", language),
        "thumbnail": absolute_media_url(request, course_thumbnail_url(course)),
        "url": request.build_absolute_uri(Course(slug=course["slug"]).get_absolute_url()),
        "category": {"slug": course["category__slug"], "name": row_text(course, "category__name", language)},
        "level": course["level"],
        "teachers": [{"id": teacher["id"], "slug": teacher["slug"], "name": teacher["name"]} for teacher in teachers],
        "lessons_count": len(lessons),
        "duration_seconds": sum(lesson.duration_seconds for lesson in lessons),
        "average_rating": _average_rating_field.to_representation(course["average_rating"]),
        "total_ratings": course["total_ratings"],
        "published_at": datetime_representation(course["published_at"]),
        "description": row_text(course, "description", language),
        "lessons": [
            {
                "id": lesson.id,
                "slug": lesson.slug,
                "name": lesson.name,
                "description": lesson.description,
                "duration_seconds": lesson.duration_seconds,
                "position": lesson.position,
            }
            for lesson in lessons
        ],
        "rating_distribution": Course.rating_distribution_of(course),
    }


def course_thumbnail_url(row):
    """The URL of the thumbnail named in a ``.values()`` row of a course, or None."""
    return Course._meta.get_field("thumbnail").storage.url(row["thumbnail"]) if row["thumbnail"] else None


def absolute_media_url(request, url):
    """Media URLs are absolute in the API: object storage gives them so, local media need the host."""
    if not url:
        return None
    return request.build_absolute_uri(url) if request is not None else url


class CaptionSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_language_display", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Caption
        fields = ["language", "label", "url"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, caption):
        return absolute_media_url(self.context.get("request"), caption.file.url)


class LessonVideoFieldsMixin(serializers.Serializer):
    """``video_status``, ``hls_url``, ``poster_url`` and ``captions`` of the lesson at ``lesson_source``."""

    lesson_source = ""
    video_status = serializers.SerializerMethodField()
    hls_url = serializers.SerializerMethodField()
    poster_url = serializers.SerializerMethodField()
    captions = serializers.SerializerMethodField()

    def _lesson(self, obj):
        return getattr(obj, self.lesson_source) if self.lesson_source else obj

    @extend_schema_field(serializers.ChoiceField(choices=Lesson.VideoStatus.choices))
    def get_video_status(self, obj):
        return self._lesson(obj).video_status

    @extend_schema_field(serializers.URLField(allow_null=True, help_text="Null until the video is ready."))
    def get_hls_url(self, obj):
        return absolute_media_url(self.context.get("request"), self._lesson(obj).hls_url)

    @extend_schema_field(serializers.URLField(allow_null=True, help_text="Null until the video is ready."))
    def get_poster_url(self, obj):
        return absolute_media_url(self.context.get("request"), self._lesson(obj).poster_url)

    @extend_schema_field(CaptionSerializer(many=True))
    def get_captions(self, obj):
        return CaptionSerializer(self._lesson(obj).captions.all(), many=True, context=self.context).data


class LessonListSerializer(LessonVideoFieldsMixin, LessonSummarySerializer):
    class Meta(LessonSummarySerializer.Meta):
        fields = [*LessonSummarySerializer.Meta.fields, "video_status", "hls_url", "poster_url", "captions"]
        read_only_fields = fields


class LessonVideoSerializer(LessonVideoFieldsMixin, serializers.ModelSerializer):
    """A lesson's video state, as staff see it after an upload."""

    class Meta:
        model = Lesson
        fields = ["id", "slug", "video_status", "video_error", "duration_seconds", "hls_url", "poster_url", "captions"]
        read_only_fields = fields


class VideoUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The lesson's video (MP4, MOV, WebM, MKV...).")


class CaptionUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A WebVTT file of at most 1 MB.")


class MomentSerializer(serializers.ModelSerializer):
    """A caption cue that matched a search: where it is and a link that starts the lesson there."""

    course = serializers.SlugField(source="caption.lesson.course.slug", read_only=True)
    course_name = serializers.CharField(source="caption.lesson.course.name", read_only=True)
    lesson = serializers.SlugField(source="caption.lesson.slug", read_only=True)
    lesson_name = serializers.CharField(source="caption.lesson.name", read_only=True)
    language = serializers.CharField(source="caption.language", read_only=True)
    start_seconds = serializers.FloatField(read_only=True)
    url = AbsoluteUrlField()

    class Meta:
        model = CaptionCue
        fields = ["course", "course_name", "lesson", "lesson_name", "language", "start_seconds", "text", "url"]
        read_only_fields = fields


class LessonDetailSerializer(LessonVideoFieldsMixin, serializers.Serializer):
    """One lesson in its course (``selectors.LessonInCourse``): its video and its neighbours."""

    lesson_source = "lesson"
    id = serializers.IntegerField(source="lesson.id", read_only=True)
    slug = serializers.SlugField(source="lesson.slug", read_only=True)
    name = serializers.CharField(source="lesson.name", read_only=True)
    description = serializers.CharField(source="lesson.description", read_only=True)
    duration_seconds = serializers.IntegerField(source="lesson.duration_seconds", read_only=True)
    position = serializers.IntegerField(source="lesson.position", read_only=True)
    url = AbsoluteUrlField(source="lesson")
    video_url = serializers.SerializerMethodField()
    course = CourseRefSerializer(read_only=True)
    previous_lesson_slug = serializers.SlugField(source="previous.slug", read_only=True, allow_null=True, default=None)
    next_lesson_slug = serializers.SlugField(source="next.slug", read_only=True, allow_null=True, default=None)

    @extend_schema_field(serializers.URLField(allow_null=True, help_text="Null when the lesson has no video."))
    def get_video_url(self, placement):
        return absolute_media_url(self.context.get("request"), placement.lesson.video_source)


class CategorySerializer(serializers.ModelSerializer):
    courses_count = serializers.IntegerField(read_only=True, help_text="Published courses in the category.")
    url = AbsoluteUrlField()

    class Meta:
        model = Category
        fields = ["id", "slug", "name", "description", "position", "url", "courses_count"]
        read_only_fields = fields


class StoredTextsMixin:
    # Staff writes set each language's own field (``name`` is Spanish, ``name_en`` English), so the answer shows
    # the stored fields as they are rather than the reader's language with its fallback.

    def to_representation(self, instance):
        with translation.override(settings.LANGUAGE_CODE):
            return super().to_representation(instance)


class CourseWriteSerializer(StoredTextsMixin, ModelCleanSerializer):
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
            "name_en",
            "summary_en",
            "description_en",
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
        request = self.context.get("request")
        if request is not None:
            services.course_changes_check(user=request.user, course=self.instance, changes=attrs)
        current = self.instance or Course()
        attrs["published_at"] = services.course_publication_date(
            status=attrs.get("status", current.status), published_at=attrs.get("published_at", current.published_at)
        )
        return super().validate(attrs)


class LessonWriteSerializer(StoredTextsMixin, ModelCleanSerializer):
    course = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Lesson
        fields = [
            "id",
            "course",
            "slug",
            "name",
            "description",
            "name_en",
            "description_en",
            "video_url",
            "duration_seconds",
            "position",
        ]
        read_only_fields = ["id", "course"]

    def extra_instance_values(self):
        return {"course": self.context["course"]} if "course" in self.context else {}


class CategoryWriteSerializer(StoredTextsMixin, ModelCleanSerializer):
    class Meta:
        model = Category
        fields = ["id", "slug", "name", "description", "name_en", "description_en", "position"]
        read_only_fields = ["id"]
