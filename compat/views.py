"""The original Platziflix (FastAPI) contract under /api/platziflix/, for its Next.js site and mobile apps.

Field names and status codes follow the original: plain lists, ``teacher_id``, ``classes``, ``title``,
``video``, ``duration``, rating objects ``{id, course_id, user_id, rating, created_at, updated_at}`` with
request bodies ``{user_id, rating}``, FastAPI's 422 for bad ids and bodies, 201 for every rating POST. Answers
also carry, add-only, the fields the clients' own types read but the original never sent. Unlike the
original, writes need a signed-in caller whose id is the ``user_id``.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response

from api.schema import AUTH_ERRORS, NOT_FOUND, READ_ERRORS, THROTTLED, WRITE_ERRORS, error
from api.views import ApiView, not_found_route, slash_redirect_or_not_found
from compat import validation
from compat.serializers import (
    MAX_ID,
    CompatClassSerializer,
    CompatCourseDetailSerializer,
    CompatCourseSerializer,
    CompatRatingInputSerializer,
    CompatRatingSerializer,
    CompatRatingStatsSerializer,
    HealthSerializer,
    WelcomeSerializer,
    compat_class_data,
    compat_course_detail_data,
)
from core.health import database_is_reachable
from courses import selectors as catalog
from courses.models import Course, Lesson
from learning import selectors, services
from learning.models import Rating

TAG = ["platziflix (original clients)"]
UNPROCESSABLE = {
    422: OpenApiResponse(
        description='FastAPI\'s shape: `{"detail": [{"type", "loc", "msg", "input"}]}`, one item per problem.'
    )
}
ID_READ_ERRORS = {**READ_ERRORS, **UNPROCESSABLE}
COMPAT_WRITE_ERRORS = {**WRITE_ERRORS, 400: error("The body's user_id differs from the path's."), **UNPROCESSABLE}


def _path_ids(**raw_ids):
    """The path's ids as integers; 422 in FastAPI's shape for any that is not one."""
    ids, errors = validation.path_ids(**raw_ids)
    validation.check(errors)
    return ids


def _can_exist(row_id):
    """Ids are positive 64-bit numbers; others (the original parsed any integer) are simply not found."""
    return 0 < row_id <= MAX_ID


def published_course_by_id_or_404(course_id):
    try:
        if not _can_exist(course_id):
            raise Course.DoesNotExist
        return catalog.course_get_published(pk=course_id)
    except Course.DoesNotExist:
        raise exceptions.NotFound(_("Course with id %(id)s not found.") % {"id": course_id}) from None


def _check_is_caller(request, user_id):
    if user_id != request.user.pk:
        raise exceptions.PermissionDenied(_("You can only act on your own ratings."))


class CompatApi(ApiView):
    pagination_class = None


@extend_schema(tags=TAG, summary="Welcome", responses={200: WelcomeSerializer, **THROTTLED})
class CompatWelcomeApi(CompatApi, generics.GenericAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = WelcomeSerializer

    def get(self, request):
        # The original's greeting, word for word: clients may check it to find the API.
        return Response({"message": "Bienvenido a Platziflix API"})


@extend_schema(tags=TAG, summary="Health check", responses={200: HealthSerializer, 503: HealthSerializer})
class CompatHealthApi(CompatApi, generics.GenericAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = HealthSerializer

    def get(self, request):
        database_ok = database_is_reachable()
        status_text = "ok" if database_ok else "degraded"
        answer = {"status": status_text, "service": "Platziflix", "version": settings.VERSION, "database": database_ok}
        if database_ok:
            answer["courses_count"] = catalog.course_index().count()
        return Response(answer, status=status.HTTP_200_OK if database_ok else status.HTTP_503_SERVICE_UNAVAILABLE)


@extend_schema(
    tags=TAG,
    summary="All published courses",
    description="A plain list, no pagination.",
    responses={200: CompatCourseSerializer, **THROTTLED},
)
class CompatCourseListApi(CompatApi, generics.ListAPIView):
    serializer_class = CompatCourseSerializer

    def get_queryset(self):
        columns = [field for field in CompatCourseSerializer.Meta.fields if field != "teacher_id"]
        return catalog.course_index_with_teacher_ids(columns=columns)


@extend_schema(
    tags=TAG,
    summary="Course by slug",
    description="Adds `teacher_id` (teacher ids), `classes` (lessons in order), `rating_distribution`, and for the "
    'Next.js site `title` and `teacher` (names joined with ", ").',
    responses={200: CompatCourseDetailSerializer, **READ_ERRORS},
)
class CompatCourseDetailApi(CompatApi, generics.RetrieveAPIView):
    serializer_class = CompatCourseDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        try:
            rows = catalog.course_detail_rows(slug=self.kwargs["slug"])
        except Course.DoesNotExist:
            raise exceptions.NotFound(_("Course not found.")) from None
        return Response(compat_course_detail_data(rows, request=request))


@extend_schema(tags=TAG, summary="Class (lesson) by id", responses={200: CompatClassSerializer, **ID_READ_ERRORS})
class CompatClassDetailApi(CompatApi, generics.RetrieveAPIView):
    serializer_class = CompatClassSerializer

    def retrieve(self, request, *args, **kwargs):
        return Response(compat_class_data(self.get_object(), request=request))

    def get_object(self):
        class_id = _path_ids(class_id=self.kwargs["class_id"])["class_id"]
        try:
            if not _can_exist(class_id):
                raise Lesson.DoesNotExist
            return catalog.lesson_get_published(pk=class_id)
        except Lesson.DoesNotExist:
            raise exceptions.NotFound(_("Class with id %(id)s not found.") % {"id": class_id}) from None


class CompatCourseRatingListApi(CompatApi, generics.GenericAPIView):
    serializer_class = CompatRatingSerializer

    @extend_schema(
        tags=TAG,
        summary="Ratings of a course",
        description="Active ratings, newest first; a plain list.",
        responses={200: CompatRatingSerializer(many=True), **ID_READ_ERRORS},
    )
    def get(self, request, course_id):
        course = published_course_by_id_or_404(_path_ids(course_id=course_id)["course_id"])
        return Response(self.get_serializer(selectors.course_ratings(course=course), many=True).data)

    @extend_schema(
        tags=TAG,
        summary="Rate a course",
        description="Creates the caller's rating or replaces the one they have; 201 either way, as the original "
        "answered. `user_id` must be the caller's id (403 otherwise).",
        request=CompatRatingInputSerializer,
        responses={201: CompatRatingSerializer, **COMPAT_WRITE_ERRORS},
    )
    def post(self, request, course_id):
        ids, path_errors = validation.path_ids(course_id=course_id)
        body, body_errors = validation.rating_body(request)
        validation.check(path_errors, body_errors)
        course = published_course_by_id_or_404(ids["course_id"])
        _check_is_caller(request, body["user_id"])
        rating, _created = services.rating_submit(user=request.user, course=course, score=body["rating"])
        return Response(self.get_serializer(rating).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=TAG, summary="Rating statistics of a course", responses={200: CompatRatingStatsSerializer, **ID_READ_ERRORS}
)
class CompatCourseRatingStatsApi(CompatApi, generics.GenericAPIView):
    serializer_class = CompatRatingStatsSerializer

    def get(self, request, course_id):
        course = published_course_by_id_or_404(_path_ids(course_id=course_id)["course_id"])
        return Response(self.get_serializer(selectors.course_rating_stats(course=course)).data)


@extend_schema(
    tags=TAG,
    summary="A user's rating of a course",
    responses={
        200: CompatRatingSerializer,
        204: OpenApiResponse(description="The user has not rated this course."),
        **ID_READ_ERRORS,
    },
)
class CompatUserRatingApi(CompatApi, generics.GenericAPIView):
    serializer_class = CompatRatingSerializer

    def get(self, request, course_id, user_id):
        rating = _rating_at(_path_ids(course_id=course_id, user_id=user_id))
        if rating is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(self.get_serializer(rating).data)


def _rating_at(ids):
    """The rating of ``ids["user_id"]`` for the published course ``ids["course_id"]`` (404 without it), or None."""
    course = published_course_by_id_or_404(ids["course_id"])
    return selectors.user_rating(user_id=ids["user_id"], course=course) if _can_exist(ids["user_id"]) else None


class CompatRatingApi(CompatApi, generics.GenericAPIView):
    serializer_class = CompatRatingSerializer

    def _callers_course(self, request, ids):
        course = published_course_by_id_or_404(ids["course_id"])
        _check_is_caller(request, ids["user_id"])
        return course

    @extend_schema(
        tags=TAG,
        summary="A user's rating of a course (the Next.js site's `getUserRating`)",
        description="The original answered 405 here; this answers the rating, or 404 when there is none.",
        responses={200: CompatRatingSerializer, **ID_READ_ERRORS},
    )
    def get(self, request, course_id, user_id):
        rating = _rating_at(_path_ids(course_id=course_id, user_id=user_id))
        if rating is None:
            raise exceptions.NotFound(_("Rating not found."))
        return Response(self.get_serializer(rating).data)

    @extend_schema(
        tags=TAG,
        summary="Change a rating",
        description="Only the caller's own rating (403 otherwise); the body's `user_id` must match the path (400).",
        request=CompatRatingInputSerializer,
        responses={200: CompatRatingSerializer, **COMPAT_WRITE_ERRORS},
    )
    def put(self, request, course_id, user_id):
        ids, path_errors = validation.path_ids(course_id=course_id, user_id=user_id)
        body, body_errors = validation.rating_body(request)
        validation.check(path_errors, body_errors)
        if body["user_id"] != ids["user_id"]:
            raise exceptions.ValidationError({"detail": _("The user_id in the body must match the one in the path.")})
        course = self._callers_course(request, ids)
        try:
            rating = services.rating_replace(user=request.user, course=course, score=body["rating"])
        except Rating.DoesNotExist:
            raise exceptions.NotFound(_("Rating not found.")) from None
        return Response(self.get_serializer(rating).data)

    @extend_schema(
        tags=TAG,
        summary="Delete a rating",
        description="Only the caller's own rating (403 otherwise).",
        responses={
            204: OpenApiResponse(description="Deleted."),
            **AUTH_ERRORS,
            **NOT_FOUND,
            **THROTTLED,
            **UNPROCESSABLE,
        },
    )
    def delete(self, request, course_id, user_id):
        course = self._callers_course(request, _path_ids(course_id=course_id, user_id=user_id))
        if not services.rating_delete(user=request.user, course=course):
            raise exceptions.NotFound(_("Rating not found."))
        return Response(status=status.HTTP_204_NO_CONTENT)


@not_found_route
def compat_not_found(request, path=""):
    """Like the original's router: a trailing slash is redirected with 307 to an absolute URL; else a 404."""
    return slash_redirect_or_not_found(request, redirect_status=307, absolute=True)
