from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from courses.models import Lesson
from courses.selectors import courses_run_by
from uploads import services


class UploadCreateSerializer(serializers.Serializer):
    lesson = serializers.PrimaryKeyRelatedField(
        queryset=Lesson.objects.all(), help_text="The id of the lesson whose video this file becomes."
    )
    filename = serializers.CharField(max_length=255, help_text="The file's name (only its extension is kept).")
    size = serializers.IntegerField(min_value=1, max_value=settings.VIDEO_UPLOAD_MAX_BYTES, help_text="In bytes.")

    def get_fields(self):
        # A teacher account uploads only to the lessons of the courses they teach: another's lesson is not found.
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["lesson"].queryset = Lesson.objects.filter(course__in=courses_run_by(user=request.user))
        return fields


class UploadPartSerializer(serializers.Serializer):
    part_number = serializers.IntegerField(min_value=1, max_value=10000, help_text="1-based, as S3 counts parts.")


class PartSerializer(serializers.Serializer):
    part_number = serializers.IntegerField()
    size = serializers.IntegerField()
    etag = serializers.CharField()


class UploadSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    lesson = serializers.IntegerField(source="lesson_id", read_only=True)
    filename = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)
    offset = serializers.SerializerMethodField(help_text="Bytes the app (or the bucket) holds: resume from here.")
    mode = serializers.SerializerMethodField(
        help_text="`chunked`: PATCH chunks to this upload. `s3`: PUT parts to the URLs `parts/` signs."
    )
    chunk_size = serializers.SerializerMethodField(help_text="Largest chunk (chunked) or size of each part (s3).")
    parts = serializers.SerializerMethodField(help_text="Parts already in the bucket (s3 mode; else empty).")

    def _parts(self, upload):
        if not upload.is_s3:
            return []
        cache = self.context.setdefault("parts", {})
        if upload.pk not in cache:
            cache[upload.pk] = services.s3_parts_done(upload)
        return cache[upload.pk]

    def get_offset(self, upload) -> int:
        if upload.is_s3:
            return sum(part["size"] for part in self._parts(upload))
        return upload.offset

    def get_mode(self, upload) -> str:
        return "s3" if upload.is_s3 else "chunked"

    def get_chunk_size(self, upload) -> int:
        return settings.UPLOAD_S3_PART_SIZE if upload.is_s3 else settings.UPLOAD_CHUNK_SIZE

    @extend_schema_field(PartSerializer(many=True))
    def get_parts(self, upload):
        return PartSerializer(self._parts(upload), many=True).data


class PartUrlSerializer(serializers.Serializer):
    part_number = serializers.IntegerField()
    url = serializers.URLField(help_text="PUT the part's bytes here, straight to the bucket.")


class OffsetConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    offset = serializers.IntegerField(help_text="The offset the app holds: send the next chunk from here.")
