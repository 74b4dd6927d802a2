from django.contrib.sitemaps import Sitemap

from courses.models import Course


class CourseSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Course.objects.published().order_by("-published_at", "pk").only("slug", "updated_at")

    def lastmod(self, course):
        return course.updated_at
