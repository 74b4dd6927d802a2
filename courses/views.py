from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import selectors, services
from courses.forms import RatingForm
from courses.models import Course, Lesson

COURSES_PER_PAGE = 12
REVIEWS_PER_PAGE = 10


def course_list(request):
    page = Paginator(selectors.course_list(), COURSES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "courses/course_list.html", {"page_obj": page, "courses": page.object_list})


def course_detail(request, slug):
    try:
        course = selectors.course_detail(slug=slug)
    except Course.DoesNotExist:
        raise Http404 from None
    return render(request, "courses/course_detail.html", _course_page_context(request, course))


def lesson_detail(request, course_slug, lesson_slug):
    try:
        lesson = selectors.lesson_detail(course_slug=course_slug, lesson_slug=lesson_slug)
    except Lesson.DoesNotExist:
        raise Http404 from None
    learner = selectors.learner_course_state(user=request.user, lessons=lesson.course_lessons)
    return render(
        request,
        "courses/lesson_detail.html",
        {
            "course": lesson.course,
            "lesson": lesson,
            "lessons": lesson.course_lessons,
            "learner": learner,
            "lesson_progress": learner.progress_by_lesson.get(lesson.id),
        },
    )


def _course_page_context(request, course, rating_form=None):
    """Everything the course page shows, including the learner's own progress and rating."""
    lessons = list(course.lessons.all())
    my_rating = selectors.learner_rating(user=request.user, course=course)
    if rating_form is None:
        initial = {"score": my_rating.score, "review": my_rating.review} if my_rating else {}
        rating_form = RatingForm(initial=initial)
    reviews = Paginator(selectors.course_reviews(course=course), REVIEWS_PER_PAGE).get_page(request.GET.get("reviews"))
    return {
        "course": course,
        "lessons": lessons,
        "learner": selectors.learner_course_state(user=request.user, lessons=lessons),
        "my_rating": my_rating,
        "rating_form": rating_form,
        "rating_distribution": selectors.rating_distribution_rows(course=course),
        "reviews_page": reviews,
    }


@require_POST
def course_rate(request, slug):
    """Create or replace the learner's rating from the course page's form (no JavaScript needed)."""
    course = get_object_or_404(Course, slug=slug)
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
            messages.success(request, _("Thanks! Your rating was saved.") if created else _("Your rating was updated."))
            return redirect(f"{course.get_absolute_url()}#your-rating")
    try:
        published = selectors.course_detail(slug=slug)
    except Course.DoesNotExist:
        return render(request, "courses/rating_unavailable.html", {"course": course, "form": form}, status=400)
    return render(request, "courses/course_detail.html", _course_page_context(request, published, form), status=400)


@require_POST
def course_rating_delete(request, slug):
    course = get_object_or_404(Course, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(course.get_absolute_url())
    if services.rating_delete(user=request.user, course=course):
        messages.success(request, _("Your rating was deleted."))
    return redirect(f"{course.get_absolute_url()}#your-rating")


@require_POST
def lesson_complete(request, course_slug, lesson_slug):
    """Mark as complete without JavaScript: keeps the saved position and completes the lesson."""
    try:
        lesson = selectors.lesson_detail(course_slug=course_slug, lesson_slug=lesson_slug)
    except Lesson.DoesNotExist:
        raise Http404 from None
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.get_absolute_url())
    saved = selectors.lesson_progress_by_lesson(user=request.user, lessons=[lesson]).get(lesson.id)
    services.lesson_progress_update(
        user=request.user, lesson=lesson, position_seconds=saved.position_seconds if saved else 0, completed=True
    )
    messages.success(request, _("Lesson completed. Keep going!"))
    if lesson.next_lesson is not None:
        return redirect("courses:lesson", course_slug=course_slug, lesson_slug=lesson.next_lesson.slug)
    return redirect(lesson.course.get_absolute_url())
