from django.contrib.sitemaps import Sitemap

from courses.models import Course
from teachers.models import Teacher


class CourseSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Course.objects.published().order_by("-published_at", "pk").only("slug", "updated_at")

    def lastmod(self, course):
        return course.updated_at


class TeacherSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 5000

    def items(self):
        return Teacher.objects.order_by("name", "pk").only("slug", "updated_at")

    def lastmod(self, teacher):
        return teacher.updated_at


sitemaps = {"courses": CourseSitemap, "teachers": TeacherSitemap}
