"""Reads of the community, shared by the lesson page, the thread page and the API."""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Count, Q, Window
from django.urls import reverse

from community.models import Follow, Reply, Thread, Vote
from core import public_cache
from courses.models import Course
from teachers import selectors as teacher_selectors

SORTS = ("votes", "newest")
SEARCH_CONFIG = "simple"  # posts are in Spanish and English; stemming for one would miss the other


def discussions_key(course_id):
    """What a search over a course's threads shows: any post in any of its lessons."""
    return f"discussions:{course_id}"


def _visible(queryset, user):
    if user.is_authenticated and user.is_staff_member:
        return queryset
    return queryset.filter(hidden_at__isnull=True)


def thread_list(*, lesson=None, course=None, user, sort="votes", kind="", unanswered=False, query=""):
    """The threads of a lesson (or, when searching, of its whole course): pinned first, then by ``sort``.

    A deleted thread stays listed (as deleted) while it has replies; hidden ones are for staff only."""
    public_cache.depends_on(public_cache.lesson_key(lesson.pk) if lesson else discussions_key(course.pk))
    threads = _visible(Thread.all_objects.all(), user).filter(Q(deleted_at__isnull=True) | Q(replies_count__gt=0))
    threads = threads.filter(lesson=lesson) if lesson else threads.filter(course=course)
    if kind in Thread.Kind.values:
        threads = threads.filter(kind=kind)
    if unanswered:
        threads = threads.filter(kind=Thread.Kind.QUESTION, accepted_reply__isnull=True, deleted_at__isnull=True)
    if query:
        threads = _search(threads, query)
    order = ("-votes", "-created_at") if sort != "newest" else ("-created_at",)
    return threads.select_related("author").order_by("-pinned", *order, "-pk")


def _search(threads, query):
    """PostgreSQL full-text search over title and body; a plain substring match on SQLite."""
    if connection.vendor == "postgresql":
        vector = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
            "body", weight="B", config=SEARCH_CONFIG
        )
        return threads.annotate(search=vector).filter(
            search=SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        )
    match = Q()
    for word in query.split()[:8]:
        match &= Q(title__icontains=word) | Q(body__icontains=word)
    return threads.filter(match)


def thread_get(*, pk, user):
    """A thread of a published course's live lesson (deleted ones too: they may carry replies). Raises
    Thread.DoesNotExist otherwise, and for hidden threads unless the reader is staff."""
    thread = (
        _visible(Thread.all_objects.all(), user)
        .select_related("author", "lesson", "course")
        .filter(pk=pk, course__in=Course.objects.published(), lesson__deleted_at__isnull=True)
        .get()
    )
    public_cache.depends_on(public_cache.course_key(thread.course_id), public_cache.lesson_key(thread.lesson_id))
    thread.lesson.course = thread.course
    return thread


def reply_get(*, pk, user):
    """A live reply of a thread that ``thread_get`` finds. Raises Reply.DoesNotExist."""
    reply = _visible(Reply.objects.all(), user).filter(pk=pk).get()
    try:
        reply.thread = thread_get(pk=reply.thread_id, user=user)
    except Thread.DoesNotExist:
        raise Reply.DoesNotExist from None
    return reply


def thread_replies(*, thread, user):
    """The live replies of a thread: the accepted answer first, then oldest first."""
    replies = list(_visible(thread.replies.all(), user).select_related("author").order_by("created_at", "pk"))
    replies.sort(key=lambda reply: reply.pk != thread.accepted_reply_id)
    for reply in replies:
        reply.thread = thread
    return replies


def decorate(*, threads=(), replies=(), user, course_id):
    """What each post shows beyond its row: the reader's vote, and the "Profesor" badge for posts by the course's
    teachers. Two queries at most, whatever the number of posts. ``user=None`` leaves the votes out: the lesson
    page's list is shared by every learner, and marks each one's votes with ``core.learner_pages``."""
    threads, replies = list(threads), list(replies)
    voted_threads, voted_replies = set(), set()
    if user is not None and user.is_authenticated and (threads or replies):
        votes = Vote.objects.filter(user=user).filter(
            Q(thread__in=[thread.pk for thread in threads]) | Q(reply__in=[reply.pk for reply in replies])
        )
        for thread_id, reply_id in votes.values_list("thread_id", "reply_id"):
            (voted_threads.add(thread_id) if thread_id else voted_replies.add(reply_id))
    teacher_ids = teacher_selectors.course_teacher_user_ids(course_id=course_id) if threads or replies else set()
    for post, voted in [(thread, voted_threads) for thread in threads] + [(reply, voted_replies) for reply in replies]:
        post.my_vote = post.pk in voted
        post.by_teacher = post.author_id in teacher_ids
    return threads, replies


def voted_thread_ids(*, user, course_id):
    """The threads of a course the learner voted for, in one query."""
    return frozenset(Vote.objects.filter(user=user, thread__course_id=course_id).values_list("thread_id", flat=True))


def is_following(*, user, thread):
    return user.is_authenticated and Follow.objects.filter(user=user, thread=thread).exists()


UNANSWERED_SHOWN = 20


def unanswered_questions(*, course, limit=UNANSWERED_SHOWN):
    """A course's open questions for its teachers: questions with no accepted answer, neither deleted nor hidden,
    oldest first, at most ``limit`` of them, and how many there are in all. One query (the total is a window
    count over the same rows, taken before the limit), on the course's thread index.

    Returns ``(total, questions)``; each question is a dict with its title, ``url``, lesson name, ``created_at``,
    votes and ``replies_count``."""
    rows = list(
        Thread.objects.filter(
            course=course, kind=Thread.Kind.QUESTION, accepted_reply__isnull=True, hidden_at__isnull=True
        )
        .annotate(total=Window(Count("pk")))
        .order_by("created_at", "pk")
        .values("pk", "title", "lesson__name", "lesson__slug", "created_at", "votes", "replies_count", "total")[:limit]
    )
    questions = [
        {
            "title": row["title"],
            "url": reverse(
                "community:thread",
                kwargs={"course_slug": course.slug, "lesson_slug": row["lesson__slug"], "pk": row["pk"]},
            ),
            "lesson": row["lesson__name"],
            "created_at": row["created_at"],
            "votes": row["votes"],
            "replies_count": row["replies_count"],
        }
        for row in rows
    ]
    return (rows[0]["total"] if rows else 0), questions
