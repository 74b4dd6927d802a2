from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response

from api.schema import AUTH_ERRORS, NOT_FOUND, READ_ERRORS, THROTTLED, WRITE_ERRORS
from api.views import ApiView
from courses.api.views import lesson_in_course_or_404, published_course_or_404
from learning import selectors, services
from learning.api import serializers
from learning.models import Rating


def _submit_rating(request, slug):
    """The caller rates the course: 201 when the rating is new, 200 when it replaced theirs."""
    course = published_course_or_404(slug)
    data = serializers.RatingInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    rating, created = services.rating_submit(user=request.user, course=course, **data.validated_data)
    return Response(
        serializers.RatingSerializer(rating).data,
        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )


@extend_schema_view(
    get=extend_schema(
        summary="Ratings of a course",
        description="Active ratings of a published course, newest first.",
        responses={200: serializers.RatingSerializer, **READ_ERRORS},
    ),
    post=extend_schema(
        summary="Rate a course",
        description="Creates the caller's rating (201) or replaces the one they already have (200).",
        request=serializers.RatingInputSerializer,
        responses={200: serializers.RatingSerializer, 201: serializers.RatingSerializer, **WRITE_ERRORS},
    ),
)
class CourseRatingListApi(ApiView, generics.ListAPIView):
    serializer_class = serializers.RatingSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Rating.objects.none()
        return selectors.course_ratings(course=published_course_or_404(self.kwargs["slug"]))

    def post(self, request, slug):
        return _submit_rating(request, slug)


@extend_schema_view(
    get=extend_schema(
        summary="Rating statistics of a course",
        description="Average score to 2 decimals, number of ratings and how many of each score.",
        responses={200: serializers.RatingStatsSerializer, **READ_ERRORS},
    )
)
class CourseRatingStatsApi(ApiView, generics.GenericAPIView):
    serializer_class = serializers.RatingStatsSerializer

    def get(self, request, slug):
        course = published_course_or_404(slug)
        return Response(self.get_serializer(selectors.course_rating_stats(course=course)).data)


@extend_schema_view(
    get=extend_schema(
        summary="My rating of a course",
        responses={200: serializers.RatingSerializer, **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    ),
    put=extend_schema(
        summary="Set my rating of a course",
        description="Creates (201) or replaces (200) the caller's rating.",
        request=serializers.RatingInputSerializer,
        responses={200: serializers.RatingSerializer, 201: serializers.RatingSerializer, **WRITE_ERRORS},
    ),
    delete=extend_schema(
        summary="Delete my rating of a course",
        responses={204: OpenApiResponse(description="Deleted."), **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    ),
)
class MyCourseRatingApi(ApiView, generics.GenericAPIView):
    serializer_class = serializers.RatingSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get(self, request, slug):
        rating = selectors.learner_rating(user=request.user, course=published_course_or_404(slug))
        if rating is None:
            raise exceptions.NotFound(_("You have not rated this course."))
        return Response(self.get_serializer(rating).data)

    def put(self, request, slug):
        return _submit_rating(request, slug)

    def delete(self, request, slug):
        course = published_course_or_404(slug)
        if not services.rating_delete(user=request.user, course=course):
            raise exceptions.NotFound(_("You have not rated this course."))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    put=extend_schema(
        summary="Save my progress in a lesson",
        description=(
            "Stores the last position watched. Reaching 90% of the lesson, or sending `completed: true`, "
            "marks it complete; completion is never undone. Session callers send the CSRF token."
        ),
        request=serializers.ProgressInputSerializer,
        responses={200: serializers.ProgressSerializer, **WRITE_ERRORS},
    )
)
class LessonProgressApi(ApiView, generics.GenericAPIView):
    serializer_class = serializers.ProgressSerializer
    permission_classes = [permissions.IsAuthenticated]

    def put(self, request, course_slug, lesson_slug):
        lesson = lesson_in_course_or_404(course_slug, lesson_slug).lesson
        data = serializers.ProgressInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        progress = services.lesson_progress_update(user=request.user, lesson=lesson, **data.validated_data)
        progress.lesson = lesson
        return Response(self.get_serializer(progress).data)


@extend_schema_view(
    get=extend_schema(
        summary="My progress per course",
        description="Courses the caller has started, most recently watched first.",
        responses={200: serializers.CourseProgressSerializer, **AUTH_ERRORS, **THROTTLED},
    )
)
class MyProgressListApi(ApiView, generics.ListAPIView):
    serializer_class = serializers.CourseProgressSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.learner_course_progress(user=self.request.user)
