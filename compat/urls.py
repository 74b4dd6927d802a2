"""The original Platziflix routes: no trailing slash (a trailing slash is redirected to them)."""

from django.urls import path

from compat import views as compat

urlpatterns = [
    path("health", compat.CompatHealthApi.as_view(), name="health"),
    path("courses", compat.CompatCourseListApi.as_view(), name="course-list"),
    path("courses/<int:course_id>/ratings", compat.CompatCourseRatingListApi.as_view(), name="course-ratings"),
    path("courses/<int:course_id>/ratings/stats", compat.CompatCourseRatingStatsApi.as_view(), name="rating-stats"),
    path(
        "courses/<int:course_id>/ratings/user/<int:user_id>",
        compat.CompatUserRatingApi.as_view(),
        name="user-rating",
    ),
    path("courses/<int:course_id>/ratings/<int:user_id>", compat.CompatRatingApi.as_view(), name="rating"),
    path("courses/<slug:slug>", compat.CompatCourseDetailApi.as_view(), name="course-detail"),
    path("classes/<int:class_id>", compat.CompatClassDetailApi.as_view(), name="class-detail"),
]
