"""The community's part of the lesson page: ``{% lesson_discussion %}`` renders the discussion under the player.

The lesson page (``courses``) offers the place; this app fills it, so the catalog never imports the community."""

from django import template
from django.core.paginator import Paginator

from community import selectors, services
from community.forms import DiscussionFilterForm, ThreadForm

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
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    for thread in page:
        thread.course = course
        if not values["q"]:
            thread.lesson = lesson
    selectors.decorate(threads=page.object_list, user=request.user, course_id=course.pk)
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


@register.inclusion_tag("community/includes/author.html")
def post_author(post):
    return {"post": post}
