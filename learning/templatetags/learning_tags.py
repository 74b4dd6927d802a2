"""The learner's own parts of the course page that need more than a template: the rating form."""

from django import template

from core import learner_pages
from learning.forms import rating_form_for

register = template.Library()


@register.simple_tag(takes_context=True)
def course_rating_form(context, course):
    """The learner's rating of the course and its form (a refused one, with its errors, once)."""
    return learner_pages.part(context["request"], rating_form_part, course_id=course.pk, course_slug=course.slug)


def rating_form_part(fill, *, course_id, course_slug):
    rating = fill.facts.rating
    form = rating_form_for(fill.request, course_id=course_id, my_rating=rating)
    return fill.render("includes/course_rating_form.html", {"course_slug": course_slug, "rating_form": form})
