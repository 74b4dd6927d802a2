from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response

from api.schema import AUTH_ERRORS, NOT_FOUND, READ_ERRORS, THROTTLED, WRITE_ERRORS
from api.views import ApiView
from courses.api.views import lesson_in_course_or_404, published_course_or_404
from learning import selectors, services
from learning.api import serializers
from learning.models import Certificate, Exam, LearningPath, Rating


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


class _PathApi(ApiView):
    serializer_class = serializers.PathSerializer

    def _with_progress(self, paths):
        """The serializer's context with the caller's progress in these paths, when signed in."""
        context = self.get_serializer_context()
        if self.request.user.is_authenticated:
            context["progress"] = selectors.learner_path_progress(user=self.request.user, paths=paths)
        return context


@extend_schema_view(
    get=extend_schema(
        summary="Learning paths",
        description="Published paths by name, each with its published courses in order. `progress` is null for an "
        "anonymous caller; for a signed-in one, a course counts as completed when the caller holds its certificate.",
        responses={200: serializers.PathSerializer, **THROTTLED},
    )
)
class PathListApi(_PathApi, generics.ListAPIView):
    def get_queryset(self):
        return selectors.path_list()

    def list(self, request, *args, **kwargs):
        page = selectors.paths_with_courses(self.paginate_queryset(self.get_queryset()))
        return self.get_paginated_response(
            serializers.PathSerializer(page, many=True, context=self._with_progress(page)).data
        )


@extend_schema_view(
    get=extend_schema(summary="One learning path", responses={200: serializers.PathSerializer, **READ_ERRORS})
)
class PathDetailApi(_PathApi, generics.GenericAPIView):
    def get(self, request, slug):
        try:
            path = selectors.path_detail(slug=slug)
        except LearningPath.DoesNotExist:
            raise exceptions.NotFound(_("Learning path not found.")) from None
        return Response(serializers.PathSerializer(path, context=self._with_progress([path])).data)


def _exam_or_404(slug):
    course = published_course_or_404(slug)
    try:
        return selectors.exam_for_course(course=course)
    except Exam.DoesNotExist:
        raise exceptions.NotFound(_("This course has no exam.")) from None


@extend_schema_view(
    get=extend_schema(
        summary="The exam of a course",
        description="The questions drawn for the caller's next attempt (N of the exam's pool when staff set it), "
        "in a fresh order with their choices in a fresh order, kept until that attempt is submitted; nothing says "
        "which choice is right. `eligible` once the caller has completed every lesson.",
        responses={200: serializers.ExamSerializer, **AUTH_ERRORS, **READ_ERRORS},
    )
)
class CourseExamApi(ApiView, generics.GenericAPIView):
    serializer_class = serializers.ExamSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get(self, request, slug):
        exam = _exam_or_404(slug)
        exam.lessons_left = selectors.course_lessons_left(user=request.user, course=exam.course)
        exam.eligible = exam.lessons_left == 0
        exam.attempts_left_today = selectors.exam_attempt_allowance(user=request.user, exam=exam).attempts_left
        paper = services.exam_paper_draw(user=request.user, exam=exam)
        exam.drawn_questions = selectors.exam_questions_in_order(exam=exam, paper=paper.questions)
        return Response(self.get_serializer(exam).data)


@extend_schema_view(
    post=extend_schema(
        summary="Submit an exam attempt",
        description=(
            "Scores the answers to the questions drawn for the caller (GET the exam first when it draws from a "
            "pool) and stores the attempt with their order. Every drawn question needs an answer: otherwise 400 "
            "with `unanswered_question_ids` and no attempt used. 403 while lessons are left, 400 for a question "
            "or answer that is not of this exam or was not drawn, 429 with Retry-After after 3 attempts in 24 "
            "hours. `wrong_question_ids` is null until the caller has passed, unless staff show it for the exam. "
            "Passing issues the course's certificate."
        ),
        request=serializers.ExamAttemptInputSerializer,
        responses={201: serializers.ExamAttemptResultSerializer, **WRITE_ERRORS},
    )
)
class ExamAttemptCreateApi(ApiView, generics.GenericAPIView):
    serializer_class = serializers.ExamAttemptResultSerializer
    permission_classes = [permissions.IsAuthenticated]

    def post(self, request, slug):
        exam = _exam_or_404(slug)
        data = serializers.ExamAttemptInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            attempt = services.exam_attempt_submit(user=request.user, exam=exam, answers=data.validated_data["answers"])
        except services.ExamNotEligible as error:
            raise exceptions.PermissionDenied(str(error)) from None
        except services.ExamAttemptLimitReached as error:
            raise exceptions.Throttled(wait=error.retry_after_seconds, detail=str(error)) from None
        return Response(self.get_serializer(attempt).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        summary="My certificates",
        description="The caller's certificates, newest first; revoked ones stay listed with `valid: false`.",
        responses={200: serializers.CertificateSerializer, **AUTH_ERRORS, **THROTTLED},
    )
)
class MyCertificateListApi(ApiView, generics.ListAPIView):
    serializer_class = serializers.CertificateSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Certificate.objects.none()
        return selectors.learner_certificates(user=self.request.user)


@extend_schema_view(
    get=extend_schema(
        summary="Verify a certificate",
        description="Public: anyone with the code sees who earned what and whether it is still valid.",
        responses={200: serializers.CertificateSerializer, **READ_ERRORS},
    )
)
class CertificateDetailApi(ApiView, generics.GenericAPIView):
    serializer_class = serializers.CertificateSerializer

    def get(self, request, code):
        try:
            certificate = selectors.certificate_get(code=code)
        except Certificate.DoesNotExist:
            raise exceptions.NotFound(_("Certificate not found.")) from None
        return Response(self.get_serializer(certificate).data)
