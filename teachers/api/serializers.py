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

    class Meta:
        model = Teacher
        fields = ["id", "slug", "name", "email", "headline", "bio", "headline_en", "bio_en", "avatar", "url"]
        read_only_fields = ["id"]
