from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import AbsoluteUrlField, StrictStringsMixin
from courses.api.serializers import (
    CourseListSerializer,
    CourseRefSerializer,
    RatingDistributionSerializer,
    average_rating_field,
)
from courses.models import Lesson
from learning import services
from learning.models import Certificate, Rating

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


class PathProgressSerializer(serializers.Serializer):
    completed_courses = serializers.IntegerField(read_only=True)
    total_courses = serializers.IntegerField(read_only=True)
    percent = serializers.IntegerField(read_only=True, min_value=0, max_value=100)
    next_course = CourseRefSerializer(read_only=True, allow_null=True, help_text="The first course not completed yet.")


class PathSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    url = AbsoluteUrlField()
    courses = CourseListSerializer(source="course_list", many=True, read_only=True, help_text="In the path's order.")
    courses_count = serializers.IntegerField(read_only=True)
    total_duration_seconds = serializers.IntegerField(read_only=True)
    progress = serializers.SerializerMethodField(help_text="The caller's progress; null for an anonymous caller.")

    @extend_schema_field(PathProgressSerializer(allow_null=True))
    def get_progress(self, path):
        progress = self.context.get("progress", {}).get(path.id)
        return PathProgressSerializer(progress, context=self.context).data if progress else None


class ChoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    choices = ChoiceSerializer(source="choice_list", many=True, read_only=True, help_text="In the drawn order.")


class ExamSerializer(serializers.Serializer):
    """The exam as a learner sees it before answering: nothing says which choice is right."""

    course = serializers.SlugField(source="course.slug", read_only=True)
    pass_percent = serializers.IntegerField(read_only=True)
    questions = QuestionSerializer(
        source="drawn_questions", many=True, read_only=True, help_text="Drawn for the caller's next attempt."
    )
    eligible = serializers.BooleanField(read_only=True, help_text="Whether the caller has completed every lesson.")
    lessons_left = serializers.IntegerField(read_only=True)
    attempts_left_today = serializers.IntegerField(read_only=True)


class ExamAttemptInputSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.IntegerField(),
        allow_empty=True,
        help_text='Question id → chosen answer id, e.g. {"12": 40}, for every question drawn for the attempt.',
    )


class CertificateSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=Certificate.Kind.choices, read_only=True)
    learner_name = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    teachers = serializers.CharField(read_only=True)
    issued_at = serializers.DateTimeField(read_only=True)
    hours = serializers.DecimalField(max_digits=8, decimal_places=1, read_only=True)
    duration_seconds = serializers.IntegerField(read_only=True)
    length = serializers.CharField(read_only=True, help_text='The video time as printed: "12 min", "1 h 20 min".')
    language = serializers.CharField(read_only=True, help_text="The learner's language when it was issued.")
    reissued_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When the learner last corrected the name it carries."
    )
    valid = serializers.BooleanField(source="is_valid", read_only=True)
    revoked_at = serializers.DateTimeField(read_only=True, allow_null=True)
    url = AbsoluteUrlField()
    pdf_url = serializers.SerializerMethodField()

    def get_pdf_url(self, certificate) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("learning:certificate_pdf", kwargs={"code": certificate.code})
        )


class ExamAttemptResultSerializer(serializers.Serializer):
    score_percent = serializers.IntegerField(read_only=True)
    correct = serializers.IntegerField(read_only=True)
    total = serializers.IntegerField(read_only=True)
    passed = serializers.BooleanField(read_only=True)
    wrong_question_ids = serializers.SerializerMethodField(
        help_text="The questions answered wrong, in the order they were asked; null until the caller has passed "
        "the exam, unless staff show them for this exam."
    )
    certificate = CertificateSerializer(read_only=True, allow_null=True)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField(), allow_null=True))
    def get_wrong_question_ids(self, attempt):
        return attempt.wrong_question_ids
