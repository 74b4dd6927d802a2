from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers import AbsoluteUrlField, StrictStringsMixin
from core import markdown
from courses.api.serializers import CourseListSerializer, CourseRefSerializer
from notebook.models import NOTE_MAX_LENGTH, Note

MAX_SECOND = 2_147_483_647  # the largest value PostgreSQL's integer column holds


class NoteLessonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    course = CourseRefSerializer(read_only=True)


class NoteSerializer(serializers.ModelSerializer):
    lesson = NoteLessonSerializer(read_only=True)
    body_html = serializers.SerializerMethodField(help_text="The body's Markdown as sanitized HTML.")
    url = AbsoluteUrlField(help_text="The lesson at the note's second (`?t=`).")

    class Meta:
        model = Note
        fields = ["id", "lesson", "second", "body", "body_html", "url", "created_at", "updated_at"]
        read_only_fields = fields

    def get_body_html(self, note) -> str:
        return markdown.render(note.body)


class NoteInputSerializer(StrictStringsMixin, serializers.Serializer):
    second = serializers.IntegerField(
        min_value=0, max_value=MAX_SECOND, help_text="The second of the video; past its end it is the end."
    )
    body = serializers.CharField(max_length=NOTE_MAX_LENGTH, help_text="Plain text or Markdown.")


class NoteUpdateSerializer(StrictStringsMixin, serializers.Serializer):
    second = serializers.IntegerField(min_value=0, max_value=MAX_SECOND, required=False)
    body = serializers.CharField(max_length=NOTE_MAX_LENGTH, required=False)

    def validate(self, data):
        if not data:
            raise serializers.ValidationError(_("Send “body”, “second” or both."), code="empty")
        return data


class SavedCourseSerializer(CourseListSerializer):
    saved_at = serializers.DateTimeField(read_only=True)

    class Meta(CourseListSerializer.Meta):
        fields = [*CourseListSerializer.Meta.fields, "saved_at"]
        read_only_fields = fields


class SavedStateSerializer(serializers.Serializer):
    course = serializers.SlugField(read_only=True)
    saved = serializers.BooleanField(read_only=True)
