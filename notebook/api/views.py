from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response

from api.schema import AUTH_ERRORS, NOT_FOUND, THROTTLED, WRITE_ERRORS
from api.views import ApiView
from courses.api.views import lesson_in_course_or_404, published_course_or_404
from notebook import selectors, services
from notebook.api import serializers
from notebook.models import Note


def _refused(error):
    """A service's ValidationError as DRF's 400, field by field."""
    return exceptions.ValidationError(error.message_dict if hasattr(error, "message_dict") else error.messages)


@extend_schema_view(
    get=extend_schema(
        summary="My notes on a lesson",
        description="The caller's private notes on the lesson, in video order.",
        responses={200: serializers.NoteSerializer, **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    ),
    post=extend_schema(
        summary="Add a note to a lesson",
        description="A private note at a second of the video. Session callers send the CSRF token.",
        request=serializers.NoteInputSerializer,
        responses={201: serializers.NoteSerializer, **WRITE_ERRORS},
    ),
)
class LessonNoteListApi(ApiView, generics.ListAPIView):
    serializer_class = serializers.NoteSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_lesson(self):
        return lesson_in_course_or_404(self.kwargs["course_slug"], self.kwargs["lesson_slug"]).lesson

    def get_queryset(self):
        lesson = self.get_lesson()
        return selectors.lesson_notes(learner=self.request.user, lesson=lesson).select_related("lesson__course")

    def post(self, request, course_slug, lesson_slug):
        lesson = self.get_lesson()
        data = serializers.NoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            note = services.note_create(learner=request.user, lesson=lesson, **data.validated_data)
        except ValidationError as error:
            raise _refused(error) from None
        return Response(self.get_serializer(note).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        summary="My notes",
        description="All the caller's notes, most recently edited first.",
        responses={200: serializers.NoteSerializer, **AUTH_ERRORS, **THROTTLED},
    )
)
class MyNoteListApi(ApiView, generics.ListAPIView):
    serializer_class = serializers.NoteSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.learner_notes_recent(learner=self.request.user)


@extend_schema_view(
    get=extend_schema(
        summary="One of my notes",
        responses={200: serializers.NoteSerializer, **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    ),
    patch=extend_schema(
        summary="Edit one of my notes",
        description="Changes `body`, `second` or both. Another learner's note answers 404.",
        request=serializers.NoteUpdateSerializer,
        responses={200: serializers.NoteSerializer, **WRITE_ERRORS},
    ),
    delete=extend_schema(
        summary="Delete one of my notes",
        responses={204: OpenApiResponse(description="Deleted."), **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    ),
)
class NoteDetailApi(ApiView, generics.GenericAPIView):
    serializer_class = serializers.NoteSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self):
        try:
            return selectors.note_get(learner=self.request.user, pk=self.kwargs["pk"])
        except Note.DoesNotExist:
            raise exceptions.NotFound(_("Note not found.")) from None

    def get(self, request, pk):
        return Response(self.get_serializer(self.get_object()).data)

    def patch(self, request, pk):
        note = self.get_object()
        data = serializers.NoteUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            note = services.note_update(note=note, **data.validated_data)
        except ValidationError as error:
            raise _refused(error) from None
        return Response(self.get_serializer(note).data)

    def delete(self, request, pk):
        services.note_delete(note=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    get=extend_schema(
        summary="My saved courses",
        description="Published courses the caller saved, most recently saved first.",
        responses={200: serializers.SavedCourseSerializer, **AUTH_ERRORS, **THROTTLED},
    )
)
class MyFavoriteListApi(ApiView, generics.ListAPIView):
    serializer_class = serializers.SavedCourseSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.saved_courses(learner=self.request.user)


@extend_schema_view(
    put=extend_schema(
        summary="Save a course",
        description="Idempotent: 201 when newly saved, 200 when it already was. Session callers send the CSRF token.",
        request=None,
        responses={200: serializers.SavedStateSerializer, 201: serializers.SavedStateSerializer, **WRITE_ERRORS},
    ),
    delete=extend_schema(
        summary="Forget a saved course",
        description="Idempotent: 204 whether or not it was saved.",
        responses={204: OpenApiResponse(description="Not saved (any more)."), **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    ),
)
class MyFavoriteApi(ApiView, generics.GenericAPIView):
    serializer_class = serializers.SavedStateSerializer
    permission_classes = [permissions.IsAuthenticated]

    def put(self, request, slug):
        course = published_course_or_404(slug)
        created = services.course_save(learner=request.user, course=course)
        return Response(
            self.get_serializer({"course": course.slug, "saved": True}).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def delete(self, request, slug):
        services.course_unsave(learner=request.user, course=published_course_or_404(slug))
        return Response(status=status.HTTP_204_NO_CONTENT)
