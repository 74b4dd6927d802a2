"""The learner's notifications page: the list, opening one (which marks it read) and marking read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from notifications import selectors, services

PER_PAGE = 20


@login_required
def notification_list(request):
    page = Paginator(selectors.notification_list(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page_obj": page, "notifications": page})


@login_required
def notification_open(request, pk):
    """Marks the notification read and goes where it points (a learner's own notifications only)."""
    notification = get_object_or_404(selectors.notification_list(user=request.user), pk=pk)
    services.notifications_mark_read(user=request.user, ids=[notification.pk])
    if url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notifications_read(request):
    """The page's forms: one notification (`id`) or all of them, then back to the list."""
    raw_id = request.POST.get("id", "")
    if raw_id.isdigit():
        services.notifications_mark_read(user=request.user, ids=[int(raw_id)])
    else:
        marked = services.notifications_mark_read(user=request.user)
        messages.success(
            request,
            gettext("All your notifications are marked read.")
            if marked
            else gettext("You have no unread notifications."),
        )
    return redirect("notifications:list")
