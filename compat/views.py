"""The original Platziflix (FastAPI) contract under /api/platziflix/, for its Next.js site and mobile apps.

Field names and status codes follow the original: plain lists, ``teacher_id``, ``classes``, ``title``,
``video``, ``duration``, and rating objects ``{id, course_id, user_id, rating, created_at, updated_at}``
with request bodies ``{user_id, rating}``. Unlike the original, writes need a signed-in caller whose id
is the ``user_id``.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response

from api.schema import AUTH_ERRORS, NOT_FOUND, READ_ERRORS, THROTTLED, WRITE_ERRORS
from api.views import ApiView
from compat.serializers import (
    MAX_ID,
    CompatClassSerializer,
    CompatCourseDetailSerializer,
    CompatCourseSerializer,
    CompatRatingInputSerializer,
    CompatRatingSerializer,
    CompatRatingStatsSerializer,
    HealthSerializer,
)
from core.health import database_is_reachable
from courses import selectors as catalog
from courses.models import Course, Lesson
from learning import selectors, services
from learning.models import Rating

TAG = ["platziflix (original clients)"]


def _as_id(raw):
    value = int(raw)
    if value > MAX_ID:
        raise exceptions.NotFound(_("Not found."))
    return value


def published_course_by_id_or_404(raw_id):
    try:
        return catalog.course_get_published(pk=_as_id(raw_id))
    except Course.DoesNotExist:
        raise exceptions.NotFound(_("Course with id %(id)s not found.") % {"id": raw_id}) from None


def _check_is_caller(request, user_id):
    if user_id != request.user.pk:
        raise exceptions.PermissionDenied(_("You can only act on your own ratings."))


class CompatApi(ApiView):
    pagination_class = None


@extend_schema(tags=TAG, summary="Health check", responses={200: HealthSerializer, 503: HealthSerializer})
class CompatHealthApi(CompatApi, generics.GenericAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = HealthSerializer

    def get(self, request):
        database_ok = database_is_reachable()
        return Response(
            {
                "status": "ok" if database_ok else "degraded",
                "database": "ok" if database_ok else "unreachable",
                "version": settings.VERSION,
            },
            status=status.HTTP_200_OK if database_ok else status.HTTP_503_SERVICE_UNAVAILABLE,
        )


@extend_schema(
    tags=TAG,
    summary="All published courses",
    description="A plain list, no pagination.",
    responses={200: CompatCourseSerializer, **THROTTLED},
)
class CompatCourseListApi(CompatApi, generics.ListAPIView):
    serializer_class = CompatCourseSerializer

    def get_queryset(self):
        return catalog.course_index().only(*CompatCourseSerializer.Meta.fields)


@extend_schema(
    tags=TAG,
    summary="Course by slug",
    description="Adds `teacher_id` (teacher ids), `classes` (lessons in order) and `rating_distribution`.",
    responses={200: CompatCourseDetailSerializer, **READ_ERRORS},
)
class CompatCourseDetailApi(CompatApi, generics.RetrieveAPIView):
    serializer_class = CompatCourseDetailSerializer

    def get_object(self):
        try:
            return catalog.course_detail(slug=self.kwargs["slug"])
        except Course.DoesNotExist:
            raise exceptions.NotFound(_("Course not found.")) from None


@extend_schema(tags=TAG, summary="Class (lesson) by id", responses={200: CompatClassSerializer, **READ_ERRORS})
class CompatClassDetailApi(CompatApi, generics.RetrieveAPIView):
    serializer_class = CompatClassSerializer

    def get_object(self):
        try:
            return catalog.lesson_get_published(pk=_as_id(self.kwargs["class_id"]))
        except Lesson.DoesNotExist:
            raise exceptions.NotFound(_("Class with id %(id)s not found.") % {"id": self.kwargs["class_id"]}) from None


class CompatCourseRatingListApi(CompatApi, generics.GenericAPIView):
    serializer_class = CompatRatingSerializer

    @extend_schema(
        tags=TAG,
        summary="Ratings of a course",
        description="Active ratings, newest first; a plain list.",
        responses={200: CompatRatingSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request, course_id):
        course = published_course_by_id_or_404(course_id)
        return Response(self.get_serializer(selectors.course_ratings(course=course), many=True).data)

    @extend_schema(
        tags=TAG,
        summary="Rate a course",
        description="Creates the caller's rating (201) or replaces the one they have (200). "
        "`user_id` must be the caller's id (403 otherwise).",
        request=CompatRatingInputSerializer,
        responses={201: CompatRatingSerializer, 200: CompatRatingSerializer, **WRITE_ERRORS},
    )
    def post(self, request, course_id):
        course = published_course_by_id_or_404(course_id)
        data = CompatRatingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _check_is_caller(request, data.validated_data["user_id"])
        rating, created = services.rating_submit(user=request.user, course=course, score=data.validated_data["rating"])
        return Response(
            self.get_serializer(rating).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


@extend_schema(
    tags=TAG, summary="Rating statistics of a course", responses={200: CompatRatingStatsSerializer, **READ_ERRORS}
)
class CompatCourseRatingStatsApi(CompatApi, generics.GenericAPIView):
    serializer_class = CompatRatingStatsSerializer

    def get(self, request, course_id):
        course = published_course_by_id_or_404(course_id)
        return Response(self.get_serializer(selectors.course_rating_stats(course=course)).data)


@extend_schema(
    tags=TAG,
    summary="A user's rating of a course",
    responses={
        200: CompatRatingSerializer,
        204: OpenApiResponse(description="The user has not rated this course."),
        **READ_ERRORS,
    },
)
class CompatUserRatingApi(CompatApi, generics.GenericAPIView):
    serializer_class = CompatRatingSerializer

    def get(self, request, course_id, user_id):
        course = published_course_by_id_or_404(course_id)
        rating = selectors.user_rating(user_id=_as_id(user_id), course=course)
        if rating is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(self.get_serializer(rating).data)


class CompatRatingApi(CompatApi, generics.GenericAPIView):
    serializer_class = CompatRatingSerializer
    permission_classes = [permissions.IsAuthenticated]

    def _course_and_user(self, request, course_id, user_id):
        course = published_course_by_id_or_404(course_id)
        user_id = _as_id(user_id)
        _check_is_caller(request, user_id)
        return course, user_id

    @extend_schema(
        tags=TAG,
        summary="Change a rating",
        description="Only the caller's own rating (403 otherwise); the body's `user_id` must match the path (400).",
        request=CompatRatingInputSerializer,
        responses={200: CompatRatingSerializer, **WRITE_ERRORS},
    )
    def put(self, request, course_id, user_id):
        course, user_id = self._course_and_user(request, course_id, user_id)
        data = CompatRatingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["user_id"] != user_id:
            raise exceptions.ValidationError(
                {"user_id": [_("The user_id in the body must match the one in the path.")]}
            )
        try:
            rating = services.rating_replace(user=request.user, course=course, score=data.validated_data["rating"])
        except Rating.DoesNotExist:
            raise exceptions.NotFound(_("Rating not found.")) from None
        return Response(self.get_serializer(rating).data)

    @extend_schema(
        tags=TAG,
        summary="Delete a rating",
        description="Only the caller's own rating (403 otherwise).",
        responses={204: OpenApiResponse(description="Deleted."), **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    )
    def delete(self, request, course_id, user_id):
        course, _user_id = self._course_and_user(request, course_id, user_id)
        if not services.rating_delete(user=request.user, course=course):
            raise exceptions.NotFound(_("Rating not found."))
        return Response(status=status.HTTP_204_NO_CONTENT)
