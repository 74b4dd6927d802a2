from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.parsers import BaseParser
from rest_framework.response import Response

from api.errors import RequestTooLarge
from api.permissions import CatalogPermission
from api.schema import AUTH_ERRORS, NOT_FOUND, THROTTLED, WRITE_ERRORS, error
from api.views import ApiView
from courses.api.serializers import LessonVideoSerializer
from courses.models import Lesson
from uploads import services
from uploads.api import serializers
from uploads.models import UploadSession

CHANGE_LESSON = ["courses.change_lesson"]


class UploadPermission(CatalogPermission):
    # The lesson API's rule for writes (staff with courses.change_lesson), for every method: an upload, even
    # reading how far it got, is a write to the lesson. The lesson itself is checked as the object at creation.
    perms_map = dict.fromkeys(["GET", "OPTIONS", "HEAD", "POST", "PUT", "PATCH", "DELETE"], CHANGE_LESSON)

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated and request.user.is_staff):
            return False
        return permissions.DjangoModelPermissions.has_permission(self, request, view)


class ChunkParser(BaseParser):
    # Hands the view the body's stream: a chunk is copied to disk as it arrives, never held in memory whole.
    media_type = "application/octet-stream"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream


def _validation_error(error):
    raise exceptions.ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


def _upload_data(upload, request):
    data = serializers.UploadSerializer(upload, context={"request": request}).data
    return data


class UploadMixin:
    permission_classes = [UploadPermission]
    queryset = UploadSession.objects.all()

    def upload(self):
        try:
            return services.upload_for_user(upload_id=self.kwargs["upload_id"], user=self.request.user)
        except UploadSession.DoesNotExist:
            raise exceptions.NotFound(_("Upload not found.")) from None


class UploadListApi(UploadMixin, ApiView, generics.GenericAPIView):
    serializer_class = serializers.UploadCreateSerializer

    @extend_schema(
        summary="Start a resumable video upload (staff)",
        description=(
            "Opens an upload of `size` bytes that becomes `lesson`'s video once complete. In `chunked` mode "
            "(no bucket), PATCH the bytes in chunks of at most `chunk_size` to the upload; in `s3` mode, PUT "
            "parts of `chunk_size` bytes straight to the bucket at the URLs `parts/` signs. Then POST "
            "`complete/`. Needs `courses.change_lesson`."
        ),
        request=serializers.UploadCreateSerializer,
        responses={201: serializers.UploadSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        create = self.get_serializer(data=request.data)
        create.is_valid(raise_exception=True)
        lesson = create.validated_data["lesson"]
        self.check_object_permissions(request, lesson)
        try:
            upload = services.upload_create(
                lesson=lesson,
                user=request.user,
                filename=create.validated_data["filename"],
                size=create.validated_data["size"],
            )
        except DjangoValidationError as error:
            _validation_error(error)
        return Response(_upload_data(upload, request), status=status.HTTP_201_CREATED)


UPLOAD_OFFSET = OpenApiParameter(
    "Upload-Offset",
    int,
    OpenApiParameter.HEADER,
    required=True,
    description="Where this chunk starts in the file: the upload's current `offset`.",
)
OFFSET_CONFLICT = {
    409: OpenApiResponse(
        serializers.OffsetConflictSerializer,
        description="The chunk does not start at the upload's offset; resume from the `offset` answered.",
    )
}


class UploadDetailApi(UploadMixin, ApiView, generics.GenericAPIView):
    serializer_class = serializers.UploadSerializer
    parser_classes = [ChunkParser]

    def initial(self, request, *args, **kwargs):
        if request.method == "PATCH":  # a chunk may be larger than other API bodies, up to UPLOAD_CHUNK_SIZE
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.UPLOAD_CHUNK_SIZE:
                raise RequestTooLarge()
            return generics.GenericAPIView.initial(self, request, *args, **kwargs)
        return super().initial(request, *args, **kwargs)

    @extend_schema(
        summary="How far a video upload got (staff)",
        description="The upload's `offset`: send the next chunk (or part) from there to resume.",
        responses={200: serializers.UploadSerializer, **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    )
    def get(self, request, upload_id):
        upload = self.upload()
        return Response(_upload_data(upload, request), headers={"Upload-Offset": str(upload.offset)})

    @extend_schema(
        summary="Send a chunk of a video upload (staff)",
        description=(
            "The raw bytes of the file from `Upload-Offset` on, at most `chunk_size` of them (chunked mode). "
            "Answers the new offset; a chunk cut short keeps what arrived."
        ),
        parameters=[UPLOAD_OFFSET],
        request={"application/octet-stream": OpenApiTypes.BINARY},
        responses={200: serializers.UploadSerializer, **WRITE_ERRORS, **OFFSET_CONFLICT},
    )
    def patch(self, request, upload_id):
        upload = self.upload()
        try:
            offset = int(request.headers.get("Upload-Offset", ""))
        except ValueError:
            raise exceptions.ValidationError({"Upload-Offset": [_("A whole number of bytes is required.")]}) from None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        stream = request.data if length else None
        try:
            upload = services.upload_write_chunk(session=upload, offset=offset, stream=stream, length=length)
        except services.OffsetMismatch as mismatch:
            return Response(
                {"detail": _("The chunk does not start where the upload is."), "offset": mismatch.offset},
                status=status.HTTP_409_CONFLICT,
                headers={"Upload-Offset": str(mismatch.offset)},
            )
        except DjangoValidationError as error:
            _validation_error(error)
        return Response(_upload_data(upload, request), headers={"Upload-Offset": str(upload.offset)})

    @extend_schema(
        summary="Abandon a video upload (staff)",
        description="Deletes the upload and whatever of it arrived.",
        responses={204: OpenApiResponse(description="Deleted."), **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    )
    def delete(self, request, upload_id):
        services.upload_abandon(session=self.upload())
        return Response(status=status.HTTP_204_NO_CONTENT)


class UploadPartApi(UploadMixin, ApiView, generics.GenericAPIView):
    serializer_class = serializers.UploadPartSerializer

    @extend_schema(
        summary="Sign one part of a video upload to the bucket (staff)",
        description="A short-lived URL to PUT part `part_number` to, straight to the bucket (s3 mode only).",
        request=serializers.UploadPartSerializer,
        responses={200: serializers.PartUrlSerializer, **WRITE_ERRORS},
    )
    def post(self, request, upload_id):
        upload = self.upload()
        part = self.get_serializer(data=request.data)
        part.is_valid(raise_exception=True)
        number = part.validated_data["part_number"]
        try:
            url = services.s3_part_url(session=upload, part_number=number)
        except DjangoValidationError as error:
            _validation_error(error)
        return Response({"part_number": number, "url": url})


class UploadCompleteApi(UploadMixin, ApiView, generics.GenericAPIView):
    serializer_class = LessonVideoSerializer

    @extend_schema(
        summary="Finish a video upload (staff)",
        description=(
            "Once every byte (or part) is in: the file becomes the lesson's video and its processing is queued; "
            "poll the lesson for `video_status`."
        ),
        request=None,
        responses={
            202: LessonVideoSerializer,
            **WRITE_ERRORS,
            409: error("Bytes or parts are still missing: resume the upload, then complete it."),
        },
    )
    def post(self, request, upload_id):
        upload = self.upload()
        try:
            lesson = services.upload_complete(session=upload)
        except services.UploadIncomplete:
            return Response({"detail": _("The upload is not complete yet.")}, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as error:
            _validation_error(error)
        lesson = Lesson.objects.prefetch_related("captions").get(pk=lesson.pk)
        return Response(
            LessonVideoSerializer(lesson, context={"request": request}).data, status=status.HTTP_202_ACCEPTED
        )
