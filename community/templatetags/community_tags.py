"""The community's part of the lesson page: ``{% lesson_discussion %}`` renders the discussion under the player.

The lesson page (``courses``) offers the place; this app fills it, so the catalog never imports the community."""

from django import template
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.template.loader import get_template

from community import selectors, services
from community.forms import DiscussionFilterForm, ThreadForm
from core import learner_pages

register = template.Library()

THREADS_PER_PAGE = 20


@register.inclusion_tag("community/includes/lesson_discussion.html", takes_context=True)
def lesson_discussion(context):
    request, course, lesson = context["request"], context["course"], context["lesson"]
    filters = DiscussionFilterForm(request.GET)
    values = filters.values()
    threads = selectors.thread_list(
        lesson=None if values["q"] else lesson,
        course=course,
        user=request.user,
        sort=values["sort"],
        kind=values["kind"],
        unanswered=values["unanswered"],
        query=values["q"],
    )
    if values["q"]:
        threads = threads.select_related("lesson")
    page = _page(threads, request.GET.get("page"))
    for thread in page:
        thread.course = course
        if not values["q"]:
            thread.lesson = lesson
    selectors.decorate(threads=page.object_list, user=None, course_id=course.pk)  # votes: {% thread_vote_button %}
    return {
        "request": request,
        "user": request.user,
        "course": course,
        "lesson": lesson,
        "page_obj": page,
        "threads": page.object_list,
        "filters": filters,
        "values": values,
        "thread_form": ThreadForm(),
        "can_accept": False,
        "is_moderator": services.is_moderator(request.user),
        "csrf_token": context.get("csrf_token"),
    }


def _page(threads, raw_number):
    """A page of threads and the total, in one query (the total rides along as a window count); a number past
    the last page shows the last one, as ``Paginator.get_page`` does."""
    number = int(raw_number) if raw_number and raw_number.isascii() and raw_number.isdigit() else 1
    number = max(1, min(number, 10**6))
    paginator = Paginator(threads, THREADS_PER_PAGE)
    offset = (number - 1) * THREADS_PER_PAGE
    rows = list(threads.annotate(total=Window(Count("pk")))[offset : offset + THREADS_PER_PAGE])
    if rows or number == 1:
        paginator.count = rows[0].total if rows else 0
        return Page(rows, number, paginator)
    return paginator.get_page(paginator.num_pages)


@register.simple_tag(takes_context=True)
def thread_vote_button(context, thread):
    """A thread's vote button in a list: the count is shared, whether the learner voted is theirs
    (``core.learner_pages``)."""
    request = context["request"]
    template = get_template("community/includes/vote_button.html")

    def render(voted):
        values = {"post": thread, "my_vote": voted, "target": "thread", "next": request.get_full_path()}
        return template.render(values, request)

    if not request.user.is_authenticated:
        return render(False)
    return learner_pages.flag(request, thread.pk, voted_thread_ids, render, course_id=thread.course_id)


def voted_thread_ids(fill, *, course_id):
    return selectors.voted_thread_ids(user=fill.request.user, course_id=course_id)


@register.inclusion_tag("community/includes/author.html")
def post_author(post):
    return {"post": post}
