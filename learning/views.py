"""The learner's pages and forms: home, /me/, rating a course and completing a lesson without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from courses import selectors as catalog
from courses.models import Course, Lesson
from learning import selectors, services
from learning.forms import RatingForm, rating_form_remember

RATING_MESSAGE_PLACE = "rating"
HOME_COURSES = 8
CONTINUE_WATCHING = 6


def home(request):
    return render(
        request,
        "home.html",
        {
            "courses": list(catalog.course_list()[:HOME_COURSES]),
            "top_rated": list(
                catalog.course_list(order_by=catalog.BEST_RATED).filter(total_ratings__gt=0)[:HOME_COURSES]
            ),
            "categories": catalog.catalog_categories(),
            "continue_watching": selectors.learner_courses_in_progress(user=request.user, limit=CONTINUE_WATCHING),
        },
    )


@login_required
def my_learning(request):
    """/me/: the learner's courses in progress and completed, and their ratings."""
    progress = selectors.learner_course_progress(user=request.user)
    return render(
        request,
        "accounts/my_learning.html",
        {
            "in_progress": [summary for summary in progress if not summary.is_completed],
            "completed": [summary for summary in progress if summary.is_completed],
            "ratings": selectors.learner_ratings(user=request.user),
        },
    )


def _published_course_or_404(slug):
    try:
        return catalog.course_get_published(slug=slug)
    except Course.DoesNotExist:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
def course_rate(request, slug):
    """Create or replace the learner's rating from the course page's form (no JavaScript needed).

    Post/redirect/get both ways: a refused form is kept in the session and shown, with what the learner typed
    and its errors, on the course page it redirects to, so a reload never posts again. The confirmation and the
    errors appear inside the rating card, where the learner is looking. A GET here goes to the course page.
    """
    course = _published_course_or_404(slug)
    if request.method == "GET":
        query = request.META.get("QUERY_STRING", "")
        return redirect(course.get_absolute_url() + (f"?{query}" if query else ""))
    if not request.user.is_authenticated:
        return redirect_to_login(course.get_absolute_url())
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            _rating, created = services.rating_submit(
                user=request.user, course=course, score=form.cleaned_data["score"], review=form.cleaned_data["review"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                gettext("Thanks! Your rating was saved.") if created else gettext("Your rating was updated."),
                extra_tags=RATING_MESSAGE_PLACE,
            )
            return redirect(f"{course.get_absolute_url()}#your-rating")
    rating_form_remember(request, course=course, form=form)
    return redirect(f"{course.get_absolute_url()}#your-rating")


@require_POST
def course_rating_delete(request, slug):
    course = _published_course_or_404(slug)
    if not request.user.is_authenticated:
        return redirect_to_login(course.get_absolute_url())
    if services.rating_delete(user=request.user, course=course):
        messages.success(request, gettext("Your rating was deleted."), extra_tags=RATING_MESSAGE_PLACE)
    return redirect(f"{course.get_absolute_url()}#your-rating")


@require_POST
def lesson_complete(request, course_slug, lesson_slug):
    """Mark as complete without JavaScript: keeps the saved position and completes the lesson."""
    try:
        placement = catalog.lesson_detail(course_slug=course_slug, lesson_slug=lesson_slug)
    except Lesson.DoesNotExist:
        raise Http404 from None
    if not request.user.is_authenticated:
        return redirect_to_login(placement.lesson.get_absolute_url())
    services.lesson_complete(user=request.user, lesson=placement.lesson)
    messages.success(request, gettext("Lesson completed. Keep going!"))
    if placement.next is not None:
        return redirect(placement.next.get_absolute_url())
    return redirect(placement.course.get_absolute_url())
