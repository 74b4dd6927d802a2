from django.contrib.sitemaps import Sitemap

from teachers.models import Teacher


class TeacherSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 5000

    def items(self):
        return Teacher.objects.order_by("name", "pk").only("slug", "updated_at")

    def lastmod(self, teacher):
        return teacher.updated_at
