from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from courses import selectors

FEED_ITEMS = 20


class LatestCoursesFeed(Feed):
    title = _("Platziflix: newest courses")
    link = reverse_lazy("courses:list")
    description = _("The latest video courses published on Platziflix.")

    def items(self):
        return selectors.course_list()[:FEED_ITEMS]

    def item_title(self, course):
        return course.name

    def item_description(self, course):
        return course.summary

    def item_pubdate(self, course):
        return course.published_at

    def item_categories(self, course):
        return [course.category.name]
