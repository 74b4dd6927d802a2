from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core import learner_pages, public_cache
from core.pagination import KeysFirstPaginator
from courses import selectors, signals
from courses.models import Course, Lesson
from courses.search import clean_search_text, search_suggestion
from courses.video import video_embed
from learning import selectors as learning_selectors

COURSES_PER_PAGE = 12
POPULAR_WHEN_EMPTY = 4
REVIEWS_PER_PAGE = 10
PLAYBACK_RATES = ["0.75", "1", "1.25", "1.5", "1.75", "2"]
MOMENTS_SHOWN = 5
SORTS = {
    "newest": (_("Newest"), selectors.NEWEST_FIRST),
    "popular": (_("Most popular"), selectors.MOST_POPULAR),
    "rating": (_("Best rated"), selectors.BEST_RATED),
    "name": (_("Name (A–Z)"), selectors.BY_NAME),
}
RELEVANCE_SORT = "relevance"


def _catalog_filters(request, categories):
    """Read the catalog's query parameters; unknown values are ignored instead of failing."""
    search = clean_search_text(request.GET.get("q", ""))
    category = request.GET.get("category", "")
    level = request.GET.get("level", "")
    sort = request.GET.get("sort", "")
    return {
        "q": search,
        "category": category if category in {c.slug for c in categories} else "",
        "level": level if level in Course.Level.values else "",
        "sort": sort if sort in SORTS or (sort == RELEVANCE_SORT and search) else "",
    }


def course_list(request):
    categories = list(selectors.catalog_categories())
    filters = _catalog_filters(request, categories)
    sort = filters["sort"] or (RELEVANCE_SORT if filters["q"] else "newest")
    order_by = selectors.RELEVANCE if sort == RELEVANCE_SORT else SORTS[sort][1]
    courses = selectors.course_list(
        search=filters["q"], category=filters["category"], level=filters["level"], order_by=order_by
    )
    page = KeysFirstPaginator(courses, COURSES_PER_PAGE).get_page(request.GET.get("page"))
    moments = list(selectors.moment_list(search=filters["q"])[:MOMENTS_SHOWN]) if page.number == 1 else []
    sort_choices = [(key, label) for key, (label, _order) in SORTS.items()]
    if filters["q"]:
        sort_choices.insert(0, (RELEVANCE_SORT, _("Relevance")))
    nothing_found = filters["q"] and not page.object_list
    if filters["q"] and page.number == 1:
        signals.catalog_searched.send(Course, text=filters["q"], found=not nothing_found)
    suggestion = search_suggestion(filters["q"]) if nothing_found else ""
    return render(
        request,
        "courses/course_list.html",
        {
            "page_obj": page,
            "courses": page.object_list,
            "filters": filters,
            "current_sort": sort,
            "categories": categories,
            "levels": Course.Level.choices,
            "sort_choices": sort_choices,
            "is_filtered": any(filters[key] for key in ("q", "category", "level")),
            "suggestion": suggestion,
            "suggestion_url": f"{reverse('courses:list')}?{urlencode({'q': suggestion})}",
            "popular_courses": selectors.course_list(order_by=selectors.MOST_POPULAR)[:POPULAR_WHEN_EMPTY]
            if nothing_found
            else [],
            "moments": moments,
        },
    )


def _course_structured_data(request, course):
    """schema.org Course data for search engines."""
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": course.name,
        "description": course.summary,
        "url": request.build_absolute_uri(course.get_absolute_url()),
        "inLanguage": get_language(),
        "educationalLevel": course.get_level_display(),
        "about": course.category.name,
        "provider": {"@type": "Organization", "name": "Platziflix", "sameAs": request.build_absolute_uri("/")},
        "instructor": [
            {"@type": "Person", "name": teacher.name, "url": request.build_absolute_uri(teacher.get_absolute_url())}
            for teacher in course.teachers.all()
        ],
        "hasCourseInstance": {
            "@type": "CourseInstance",
            "courseMode": "online",
            "courseWorkload": f"PT{course.duration_seconds // 60}M",
        },
    }
    if course.thumbnail:
        data["image"] = request.build_absolute_uri(course.thumbnail.url)
    if course.total_ratings:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": str(course.average_rating),
            "ratingCount": course.total_ratings,
            "bestRating": 5,
            "worstRating": 1,
        }
    return data


@learner_pages.learner_page
def course_detail(request, slug):
    # The cached parts' key holds the course's generation read before the course is: what they show is never
    # older than their key (core.public_cache explains the order).
    course_id = selectors.course_id_for_slug(slug)
    fragments = public_cache.fragments(course=course_id, reviews=request.GET.get("reviews"))
    try:
        course = selectors.course_detail(slug=slug)
    except Course.DoesNotExist:
        raise Http404 from None
    if course.pk != course_id:  # the slug moved to another course in between: keep nothing
        fragments = public_cache.fragments_kept_nowhere()
    return render(request, "courses/course_detail.html", _course_page_context(request, course, fragments))


def _course_page_context(request, course, fragments):
    """Everything the course page shows; the learner's own progress, rating and certificate are their facts.

    What is the same for every visitor (reviews, rating bars, structured data) is read lazily: the template
    caches those parts per public content generation (``fragments``), and a cached part reads nothing.
    """
    lessons = list(course.lessons.all())
    reviews_number = request.GET.get("reviews")
    reviews = Paginator(learning_selectors.course_reviews(course=course), REVIEWS_PER_PAGE)
    return {
        "course": course,
        "lessons": lessons,
        "first_lesson": lessons[0] if lessons else None,
        "fragments": fragments,
        "distribution": SimpleLazyObject(lambda: learning_selectors.rating_distribution_rows(course=course)),
        "structured_data": lambda: _course_structured_data(request, course),
        "learner": learner_pages.facts(request, learning_selectors.learner_page_facts, course_id=course.pk),
        "reviews_page": SimpleLazyObject(lambda: reviews.get_page(reviews_number)),
        "course_paths": SimpleLazyObject(lambda: list(learning_selectors.course_paths(course=course))),
        "has_exam": learning_selectors.course_has_exam(course=course),
    }


@learner_pages.learner_page
def lesson_detail(request, course_slug, lesson_slug):
    try:
        placement = selectors.lesson_detail(course_slug=course_slug, lesson_slug=lesson_slug)
    except Lesson.DoesNotExist:
        raise Http404 from None
    learner = learner_pages.facts(
        request, learning_selectors.learner_page_facts, course_id=placement.course.pk, lesson_id=placement.lesson.pk
    )
    captions = selectors.lesson_captions(lesson=placement.lesson)
    response = render(
        request,
        "courses/lesson_detail.html",
        {
            "course": placement.course,
            "lesson": placement.lesson,
            "placement": placement,
            "lessons": placement.lessons,
            "learner": learner,
            "embed": video_embed(placement.lesson.video_url),
            "captions": captions,
            "transcript": _transcript(captions),
            "playback_rates": PLAYBACK_RATES,
        },
    )
    response["Content-Security-Policy"] = settings.CSP_LESSON
    return response


def _transcript(captions):
    """The caption track shown as the transcript: the page's language if the lesson has it, else the first."""
    by_language = {caption.language: caption for caption in captions}
    return by_language.get(get_language()) or (captions[0] if captions else None)
