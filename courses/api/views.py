from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from api.pagination import KeysFirstPageNumberPagination
from api.permissions import CatalogPermission
from api.schema import AUTH_ERRORS, NOT_FOUND, READ_ERRORS, SOFT_DELETED, THROTTLED, WRITE_ERRORS, validation_error
from api.views import ApiView, CatalogWriteMixin
from courses import selectors, services
from courses.api import serializers
from courses.api.filters import CourseFilter
from courses.models import Caption, Category, Course, Lesson
from teachers import services as teacher_services


def published_course_or_404(slug):
    try:
        return selectors.course_get_published(slug=slug)
    except Course.DoesNotExist:
        raise exceptions.NotFound(_("Course not found.")) from None


def lesson_in_course_or_404(course_slug, lesson_slug):
    try:
        return selectors.lesson_detail(course_slug=course_slug, lesson_slug=lesson_slug)
    except Lesson.DoesNotExist:
        raise exceptions.NotFound(_("Lesson not found.")) from None


@extend_schema_view(
    get=extend_schema(
        summary="List published courses",
        description="Paginated, filterable and sortable catalog of published courses.",
        responses={
            200: serializers.CourseListSerializer,
            400: validation_error("Unknown filter value."),
            **READ_ERRORS,
        },
    ),
    post=extend_schema(
        summary="Create a course (staff)",
        description="Needs the `courses.add_course` permission. Publishing without `published_at` sets it to now.",
        request=serializers.CourseWriteSerializer,
        responses={201: serializers.CourseWriteSerializer, **WRITE_ERRORS},
    ),
)
class CourseListApi(CatalogWriteMixin, ApiView, generics.ListCreateAPIView):
    queryset = Course.objects.all()
    pagination_class = KeysFirstPageNumberPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = CourseFilter

    def get_serializer_class(self):
        if self.request.method == "POST":
            return serializers.CourseWriteSerializer
        return serializers.CourseListSerializer

    def perform_create(self, serializer):
        course = serializer.save()
        if not self.request.user.is_staff_member:
            teacher_services.teacher_course_claim(user=self.request.user, course=course)


@extend_schema_view(
    get=extend_schema(
        summary="Course detail",
        description="A published course with its ordered lessons and rating distribution.",
        responses={200: serializers.CourseDetailSerializer, **READ_ERRORS},
    ),
    put=extend_schema(
        summary="Replace a course (staff)",
        description="Needs `courses.change_course`. Drafts can be edited too.",
        responses={200: serializers.CourseWriteSerializer, **WRITE_ERRORS},
    ),
    patch=extend_schema(
        summary="Update some fields of a course (staff)",
        description="Needs `courses.change_course`.",
        responses={200: serializers.CourseWriteSerializer, **WRITE_ERRORS},
    ),
    delete=extend_schema(
        summary="Delete a course (staff)",
        description="Needs `courses.delete_course`. A soft delete: the slug becomes free again.",
        responses={**SOFT_DELETED, **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    ),
)
class CourseDetailApi(CatalogWriteMixin, ApiView, generics.RetrieveUpdateDestroyAPIView):
    queryset = Course.objects.all()
    lookup_field = "slug"

    def get_queryset(self):
        if self.request is None or self.request.method in permissions.SAFE_METHODS:
            return Course.objects.all()
        return selectors.courses_run_by(user=self.request.user)

    def get_serializer_class(self):
        if self.request.method in permissions.SAFE_METHODS:
            return serializers.CourseDetailSerializer
        return serializers.CourseWriteSerializer

    def retrieve(self, request, *args, **kwargs):
        try:
            rows = selectors.course_detail_rows(slug=self.kwargs["slug"])
        except Course.DoesNotExist:
            raise exceptions.NotFound(_("Course not found.")) from None
        return Response(serializers.course_detail_data(rows, request=request))


@extend_schema_view(
    get=extend_schema(
        summary="Lessons of a course",
        description="The lessons of a published course, in order.",
        responses={200: serializers.LessonListSerializer, **READ_ERRORS},
    ),
    post=extend_schema(
        summary="Add a lesson to a course (staff)",
        description="Needs `courses.add_lesson`. The slug must be unique within the course.",
        request=serializers.LessonWriteSerializer,
        responses={201: serializers.LessonWriteSerializer, **WRITE_ERRORS},
    ),
)
class LessonListApi(CatalogWriteMixin, ApiView, generics.ListCreateAPIView):
    queryset = Lesson.objects.all()

    def get_serializer_class(self):
        if self.request.method == "POST":
            return serializers.LessonWriteSerializer
        return serializers.LessonListSerializer

    def get_course(self):
        if self.request.method in permissions.SAFE_METHODS:
            return published_course_or_404(self.kwargs["course_slug"])
        return get_object_or_404(selectors.courses_run_by(user=self.request.user), slug=self.kwargs["course_slug"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Lesson.objects.none()
        return selectors.course_lessons(course=self.get_course())

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request is not None and self.request.method == "POST" and "course_slug" in self.kwargs:
            context["course"] = self.get_course()
        return context

    def perform_create(self, serializer):
        serializer.save(course=serializer.context["course"])


@extend_schema_view(
    get=extend_schema(
        summary="Lesson detail",
        description="One lesson of a published course: absolute video URL and the previous and next lessons.",
        responses={200: serializers.LessonDetailSerializer, **READ_ERRORS},
    ),
    put=extend_schema(
        summary="Replace a lesson (staff)",
        description="Needs `courses.change_lesson`.",
        responses={200: serializers.LessonWriteSerializer, **WRITE_ERRORS},
    ),
    patch=extend_schema(
        summary="Update some fields of a lesson (staff)",
        description="Needs `courses.change_lesson`.",
        responses={200: serializers.LessonWriteSerializer, **WRITE_ERRORS},
    ),
    delete=extend_schema(
        summary="Delete a lesson (staff)",
        description="Needs `courses.delete_lesson`. A soft delete.",
        responses={**SOFT_DELETED, **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    ),
)
class LessonDetailApi(CatalogWriteMixin, ApiView, generics.RetrieveUpdateDestroyAPIView):
    queryset = Lesson.objects.all()

    def get_serializer_class(self):
        if self.request.method in permissions.SAFE_METHODS:
            return serializers.LessonDetailSerializer
        return serializers.LessonWriteSerializer

    def get_object(self):
        course_slug, lesson_slug = self.kwargs["course_slug"], self.kwargs["lesson_slug"]
        if self.request.method in permissions.SAFE_METHODS:
            return lesson_in_course_or_404(course_slug, lesson_slug)
        return lesson_for_staff_or_404(self, course_slug, lesson_slug)


def lesson_for_staff_or_404(view, course_slug, lesson_slug):
    """A live lesson of a live course (drafts too) the caller may write to: any for staff, their own for a
    teacher."""
    lesson = (
        Lesson.objects.select_related("course")
        .filter(course__in=selectors.courses_run_by(user=view.request.user), course__slug=course_slug, slug=lesson_slug)
        .first()
    )
    if lesson is None:
        raise exceptions.NotFound(_("Lesson not found."))
    view.check_object_permissions(view.request, lesson)
    return lesson


class LessonVideoApi(ApiView, generics.GenericAPIView):
    permission_classes = [CatalogPermission]
    queryset = Lesson.objects.all()
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = serializers.VideoUploadSerializer

    @extend_schema(
        summary="Upload a lesson's video (staff)",
        description=(
            "Needs `courses.change_lesson`. Multipart field `file`. A file in which FFmpeg finds no video stream "
            "is refused (400). The original is kept (never served) and processed in the background (probe, "
            "poster, HLS at 360p/720p); poll the lesson for `video_status`. Answers 202 even when the queue is "
            "away: the job stays pending and is sent once it is back."
        ),
        request={"multipart/form-data": serializers.VideoUploadSerializer},
        responses={202: serializers.LessonVideoSerializer, **WRITE_ERRORS},
    )
    def put(self, request, course_slug, lesson_slug):
        lesson = lesson_for_staff_or_404(self, course_slug, lesson_slug)
        upload = self.get_serializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            services.lesson_video_upload(lesson=lesson, file=upload.validated_data["file"])
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"file": error.messages}) from None
        lesson = Lesson.objects.prefetch_related("captions").get(pk=lesson.pk)
        data = serializers.LessonVideoSerializer(lesson, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_202_ACCEPTED)


LANGUAGE_PARAMETER = OpenApiParameter(
    "language", str, OpenApiParameter.PATH, enum=Caption.Language.values, description="Caption language."
)


class LessonChangePermission(CatalogPermission):
    """Removing a lesson's captions edits the lesson: it needs ``change_lesson``, not ``delete_lesson``."""

    perms_map = {**CatalogPermission.perms_map, "DELETE": CatalogPermission.perms_map["PUT"]}


class LessonCaptionApi(ApiView, generics.GenericAPIView):
    permission_classes = [LessonChangePermission]
    queryset = Lesson.objects.all()
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = serializers.CaptionUploadSerializer

    def _lesson(self):
        if self.kwargs["language"] not in Caption.Language.values:
            raise exceptions.NotFound(_("No such caption language."))
        return lesson_for_staff_or_404(self, self.kwargs["course_slug"], self.kwargs["lesson_slug"])

    @extend_schema(
        summary="Upload or replace a lesson's captions (staff)",
        description="Needs `courses.change_lesson`. Multipart field `file`: WebVTT, at most 1 MB.",
        parameters=[LANGUAGE_PARAMETER],
        request={"multipart/form-data": serializers.CaptionUploadSerializer},
        responses={200: serializers.CaptionSerializer, **WRITE_ERRORS},
    )
    def put(self, request, course_slug, lesson_slug, language):
        lesson = self._lesson()
        upload = self.get_serializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            caption = services.caption_save(lesson=lesson, language=language, file=upload.validated_data["file"])
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"file": error.messages}) from None
        return Response(serializers.CaptionSerializer(caption, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Delete a lesson's captions (staff)",
        description="Needs `courses.change_lesson`.",
        parameters=[LANGUAGE_PARAMETER],
        responses={**SOFT_DELETED, **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    )
    def delete(self, request, course_slug, lesson_slug, language):
        caption = Caption.objects.filter(lesson=self._lesson(), language=language).first()
        if caption is None:
            raise exceptions.NotFound(_("This lesson has no captions in that language."))
        services.caption_delete(caption=caption)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    get=extend_schema(
        summary="Search inside lessons",
        description=(
            "Caption cues of published lessons that match `q`, best first, each with a link that starts the "
            "lesson at that second. Without `q` the list is empty."
        ),
        parameters=[OpenApiParameter("q", str, description="What to look for.")],
        responses={200: serializers.MomentSerializer, **READ_ERRORS},
    )
)
class MomentListApi(ApiView, generics.ListAPIView):
    serializer_class = serializers.MomentSerializer

    def get_queryset(self):
        return selectors.moment_list(search=self.request.query_params.get("q", ""))


@extend_schema_view(
    get=extend_schema(
        summary="List categories",
        description="Categories in their staff-set order, with how many published courses each has.",
        responses={200: serializers.CategorySerializer, **READ_ERRORS},
    ),
    post=extend_schema(
        summary="Create a category (staff)",
        description="Needs `courses.add_category`.",
        request=serializers.CategoryWriteSerializer,
        responses={201: serializers.CategoryWriteSerializer, **WRITE_ERRORS},
    ),
)
class CategoryListApi(CatalogWriteMixin, ApiView, generics.ListCreateAPIView):
    queryset = Category.objects.all()

    def get_queryset(self):
        return selectors.category_list()

    def get_serializer_class(self):
        if self.request.method == "POST":
            return serializers.CategoryWriteSerializer
        return serializers.CategorySerializer


@extend_schema_view(
    get=extend_schema(
        summary="Category detail",
        responses={200: serializers.CategorySerializer, **READ_ERRORS},
    ),
    put=extend_schema(
        summary="Replace a category (staff)",
        description="Needs `courses.change_category`.",
        responses={200: serializers.CategoryWriteSerializer, **WRITE_ERRORS},
    ),
    patch=extend_schema(
        summary="Update some fields of a category (staff)",
        description="Needs `courses.change_category`.",
        responses={200: serializers.CategoryWriteSerializer, **WRITE_ERRORS},
    ),
    delete=extend_schema(
        summary="Delete a category (staff)",
        description="Needs `courses.delete_category`. A soft delete.",
        responses={**SOFT_DELETED, **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    ),
)
class CategoryDetailApi(CatalogWriteMixin, ApiView, generics.RetrieveUpdateDestroyAPIView):
    queryset = Category.objects.all()
    lookup_field = "slug"

    def get_queryset(self):
        if self.request is not None and self.request.method in permissions.SAFE_METHODS:
            return selectors.category_list()
        return Category.objects.all()

    def get_serializer_class(self):
        if self.request.method in permissions.SAFE_METHODS:
            return serializers.CategorySerializer
        return serializers.CategoryWriteSerializer
