"""The original Platziflix routes: no trailing slash (a trailing slash is redirected to them with 307).

Ids are taken as any path segment, so a non-numeric one reaches the view and answers FastAPI's 422; the view
parses them before any lookup. A slug is any text but NUL (``text``), which PostgreSQL cannot compare.
"""

from django.urls import path, re_path

from compat import views as compat

urlpatterns = [
    path("", compat.CompatWelcomeApi.as_view(), name="welcome"),
    path("health", compat.CompatHealthApi.as_view(), name="health"),
    path("courses", compat.CompatCourseListApi.as_view(), name="course-list"),
    path("courses/<str:course_id>/ratings", compat.CompatCourseRatingListApi.as_view(), name="course-ratings"),
    path("courses/<str:course_id>/ratings/stats", compat.CompatCourseRatingStatsApi.as_view(), name="rating-stats"),
    path(
        "courses/<str:course_id>/ratings/user/<str:user_id>",
        compat.CompatUserRatingApi.as_view(),
        name="user-rating",
    ),
    path("courses/<str:course_id>/ratings/<str:user_id>", compat.CompatRatingApi.as_view(), name="rating"),
    path("courses/<text:slug>", compat.CompatCourseDetailApi.as_view(), name="course-detail"),
    path("classes/<str:class_id>", compat.CompatClassDetailApi.as_view(), name="class-detail"),
    re_path(r"^(?P<path>.*)$", compat.compat_not_found),
]
