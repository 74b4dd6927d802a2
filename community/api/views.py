from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response

from api.errors import Conflict
from api.schema import AUTH_ERRORS, NOT_FOUND, READ_ERRORS, THROTTLED, WRITE_ERRORS, error
from api.views import ApiView
from community import selectors, services
from community.api import serializers
from community.models import Reply, Thread
from courses.api.views import lesson_in_course_or_404

CONFLICT = {409: error("The thread is closed, or the post was already flagged by the caller.")}
DELETED = {204: OpenApiResponse(description="Deleted (soft: a thread with replies shows as deleted).")}


def _thread_or_404(pk, user, *, alive=False):
    try:
        thread = selectors.thread_get(pk=pk, user=user)
    except Thread.DoesNotExist:
        raise exceptions.NotFound(_("Thread not found.")) from None
    if alive and thread.deleted_at is not None:
        raise exceptions.NotFound(_("Thread not found."))
    return thread


def _reply_or_404(pk, user):
    try:
        return selectors.reply_get(pk=pk, user=user)
    except Reply.DoesNotExist:
        raise exceptions.NotFound(_("Reply not found.")) from None


def _conflicts(call):
    try:
        return call()
    except (services.ThreadClosed, services.AlreadyFlagged) as refusal:
        raise Conflict(str(refusal)) from None


class _Api(ApiView, generics.GenericAPIView):
    def thread_answer(self, thread, *, status_code=status.HTTP_200_OK):
        replies = selectors.thread_replies(thread=thread, user=self.request.user)
        selectors.decorate(threads=[thread], replies=replies, user=self.request.user, course_id=thread.course_id)
        context = {**self.get_serializer_context(), "replies": replies}
        return Response(serializers.ThreadDetailSerializer(thread, context=context).data, status=status_code)


@extend_schema_view(
    get=extend_schema(
        summary="Threads of a lesson",
        description=(
            "Questions and contributions under a lesson, pinned first, then by `sort`. `q` searches the threads "
            "of the whole course."
        ),
        parameters=[serializers.ThreadQuerySerializer],
        responses={200: serializers.ThreadSerializer, **READ_ERRORS},
    ),
    post=extend_schema(
        summary="Start a thread under a lesson",
        request=serializers.ThreadInputSerializer,
        responses={201: serializers.ThreadDetailSerializer, **WRITE_ERRORS},
    ),
)
class LessonThreadListApi(_Api, generics.ListAPIView):
    serializer_class = serializers.ThreadSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Thread.objects.none()
        placement = lesson_in_course_or_404(self.kwargs["course_slug"], self.kwargs["lesson_slug"])
        query = serializers.ThreadQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        self.course_id = placement.course.pk
        params = query.validated_data
        search = params.get("q", "").strip()
        return selectors.thread_list(
            lesson=None if search else placement.lesson,
            course=placement.course,
            user=self.request.user,
            sort=params["sort"],
            kind=params.get("kind", ""),
            unanswered=params["unanswered"],
            query=search,
        ).select_related("lesson", "course")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        selectors.decorate(threads=page, user=self.request.user, course_id=self.course_id)
        return page

    def post(self, request, course_slug, lesson_slug):
        placement = lesson_in_course_or_404(course_slug, lesson_slug)
        data = serializers.ThreadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        thread = services.thread_create(user=request.user, lesson=placement.lesson, **data.validated_data)
        thread.course = placement.course
        return self.thread_answer(thread, status_code=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        summary="A thread with its replies",
        responses={200: serializers.ThreadDetailSerializer, **READ_ERRORS},
    ),
    patch=extend_schema(
        summary="Edit a thread",
        description="Authors and staff edit `title` and `body`; staff also set `pinned` and `closed`.",
        request=serializers.ThreadUpdateSerializer,
        responses={200: serializers.ThreadDetailSerializer, **WRITE_ERRORS},
    ),
    delete=extend_schema(
        summary="Delete a thread",
        responses={**DELETED, **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    ),
)
class ThreadDetailApi(_Api):
    serializer_class = serializers.ThreadDetailSerializer

    def get(self, request, pk):
        return self.thread_answer(_thread_or_404(pk, request.user))

    def patch(self, request, pk):
        thread = _thread_or_404(pk, request.user, alive=True)
        data = serializers.ThreadUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.thread_update(user=request.user, thread=thread, **data.validated_data)
        return self.thread_answer(thread)

    def delete(self, request, pk):
        services.thread_delete(user=request.user, thread=_thread_or_404(pk, request.user, alive=True))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    post=extend_schema(
        summary="Reply to a thread",
        description="One level deep. A closed thread answers 409.",
        request=serializers.ReplyInputSerializer,
        responses={201: serializers.ReplySerializer, **WRITE_ERRORS, **CONFLICT},
    )
)
class ThreadReplyCreateApi(_Api):
    serializer_class = serializers.ReplySerializer

    def post(self, request, pk):
        thread = _thread_or_404(pk, request.user, alive=True)
        data = serializers.ReplyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reply = _conflicts(lambda: services.reply_create(user=request.user, thread=thread, **data.validated_data))
        selectors.decorate(replies=[reply], user=request.user, course_id=thread.course_id)
        return Response(self.get_serializer(reply).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    patch=extend_schema(
        summary="Edit a reply",
        request=serializers.ReplyInputSerializer,
        responses={200: serializers.ReplySerializer, **WRITE_ERRORS},
    ),
    delete=extend_schema(summary="Delete a reply", responses={**DELETED, **AUTH_ERRORS, **NOT_FOUND, **THROTTLED}),
)
class ReplyDetailApi(_Api):
    serializer_class = serializers.ReplySerializer

    def patch(self, request, pk):
        reply = _reply_or_404(pk, request.user)
        data = serializers.ReplyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.reply_update(user=request.user, reply=reply, **data.validated_data)
        selectors.decorate(replies=[reply], user=request.user, course_id=reply.thread.course_id)
        return Response(self.get_serializer(reply).data)

    def delete(self, request, pk):
        services.reply_delete(user=request.user, reply=_reply_or_404(pk, request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)


class _VoteApi(_Api):
    serializer_class = serializers.VoteSerializer
    permission_classes = [permissions.IsAuthenticated]

    def post_of(self, request, pk):
        raise NotImplementedError

    def _vote(self, request, pk, voted):
        post = self.post_of(request, pk)
        votes = services.vote_set(user=request.user, post=post, voted=voted)
        return Response(self.get_serializer({"votes": votes, "my_vote": voted}).data)

    def put(self, request, pk):
        return self._vote(request, pk, True)

    def delete(self, request, pk):
        return self._vote(request, pk, False)


VOTE_SCHEMA = {
    "put": extend_schema(
        summary="Vote for a post",
        description="Idempotent: one vote per learner. Answers the post's new `votes`.",
        request=None,
        responses={200: serializers.VoteSerializer, **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    ),
    "delete": extend_schema(
        summary="Take back a vote",
        description="Idempotent. Answers the post's new `votes`.",
        responses={200: serializers.VoteSerializer, **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    ),
}


@extend_schema_view(**VOTE_SCHEMA)
class ThreadVoteApi(_VoteApi):
    def post_of(self, request, pk):
        return _thread_or_404(pk, request.user, alive=True)


@extend_schema_view(**VOTE_SCHEMA)
class ReplyVoteApi(_VoteApi):
    def post_of(self, request, pk):
        return _reply_or_404(pk, request.user)


@extend_schema_view(
    put=extend_schema(
        summary="Accept a reply as the answer",
        description="Staff and the course's teachers. The thread then counts as answered.",
        request=None,
        responses={200: serializers.AcceptSerializer, **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    ),
    delete=extend_schema(
        summary="Take back the accepted answer",
        responses={200: serializers.AcceptSerializer, **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    ),
)
class ReplyAcceptApi(_Api):
    serializer_class = serializers.AcceptSerializer
    permission_classes = [permissions.IsAuthenticated]

    def _accept(self, request, pk, accepted):
        reply = _reply_or_404(pk, request.user)
        thread = services.reply_accept(user=request.user, reply=reply, accepted=accepted)
        return Response(self.get_serializer({"accepted": accepted, "answered": thread.answered}).data)

    def put(self, request, pk):
        return self._accept(request, pk, True)

    def delete(self, request, pk):
        return self._accept(request, pk, False)


class _FlagApi(_Api):
    serializer_class = serializers.FlagSerializer
    permission_classes = [permissions.IsAuthenticated]

    def post_of(self, request, pk):
        raise NotImplementedError

    def post(self, request, pk):
        post = self.post_of(request, pk)
        data = serializers.FlagInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _conflicts(lambda: services.flag_create(user=request.user, post=post, **data.validated_data))
        return Response(self.get_serializer({"flagged": True}).data, status=status.HTTP_201_CREATED)


FLAG_SCHEMA = extend_schema(
    summary="Flag a post for moderation",
    description="Once per learner (409 after). Three flags from different learners hide the post until review.",
    request=serializers.FlagInputSerializer,
    responses={201: serializers.FlagSerializer, **WRITE_ERRORS, **CONFLICT},
)


@extend_schema_view(post=FLAG_SCHEMA)
class ThreadFlagApi(_FlagApi):
    def post_of(self, request, pk):
        return _thread_or_404(pk, request.user, alive=True)


@extend_schema_view(post=FLAG_SCHEMA)
class ReplyFlagApi(_FlagApi):
    def post_of(self, request, pk):
        return _reply_or_404(pk, request.user)


@extend_schema_view(
    put=extend_schema(
        summary="Follow a thread",
        description="Replies in it notify the caller. Posting or replying follows a thread by itself.",
        request=None,
        responses={200: serializers.FollowSerializer, **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    ),
    delete=extend_schema(
        summary="Unfollow a thread",
        responses={200: serializers.FollowSerializer, **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    ),
)
class ThreadFollowApi(_Api):
    serializer_class = serializers.FollowSerializer
    permission_classes = [permissions.IsAuthenticated]

    def _follow(self, request, pk, following):
        thread = _thread_or_404(pk, request.user)
        services.follow_set(user=request.user, thread=thread, following=following)
        return Response(self.get_serializer({"following": following}).data)

    def put(self, request, pk):
        return self._follow(request, pk, True)

    def delete(self, request, pk):
        return self._follow(request, pk, False)
