from django.contrib.auth import get_user_model
from rest_framework import serializers

from api.serializers import AbsoluteUrlField, ModelCleanSerializer
from courses.api.serializers import CourseListSerializer, StoredTextsMixin
from courses.models import Course
from teachers.models import Teacher


class TeacherCourseRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Course
        fields = ["id", "slug", "name"]
        read_only_fields = fields


class TeacherListSerializer(serializers.ModelSerializer):
    avatar = serializers.ImageField(read_only=True, allow_null=True)
    url = AbsoluteUrlField()
    courses = TeacherCourseRefSerializer(source="published_courses", many=True, read_only=True)

    class Meta:
        model = Teacher
        fields = ["id", "slug", "name", "headline", "avatar", "url", "courses"]
        read_only_fields = fields


class TeacherDetailSerializer(TeacherListSerializer):
    courses = CourseListSerializer(source="published_courses", many=True, read_only=True)

    class Meta(TeacherListSerializer.Meta):
        fields = ["id", "slug", "name", "headline", "bio", "avatar", "url", "courses"]
        read_only_fields = fields


class TeacherWriteSerializer(StoredTextsMixin, ModelCleanSerializer):
    url = AbsoluteUrlField()
    user = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        allow_null=True,
        required=False,
        help_text="The username of the account this teacher signs in with (staff only); null unlinks it.",
    )

    class Meta:
        model = Teacher
        fields = ["id", "slug", "name", "email", "headline", "bio", "headline_en", "bio_en", "avatar", "url", "user"]
        read_only_fields = ["id"]
