from django.urls import path

from learning.api import views

urlpatterns = [
    path("courses/<slug:slug>/ratings/", views.CourseRatingListApi.as_view(), name="course-ratings"),
    path("courses/<slug:slug>/ratings/stats/", views.CourseRatingStatsApi.as_view(), name="course-rating-stats"),
    path("courses/<slug:slug>/ratings/mine/", views.MyCourseRatingApi.as_view(), name="course-rating-mine"),
    path(
        "courses/<slug:course_slug>/lessons/<slug:lesson_slug>/progress/",
        views.LessonProgressApi.as_view(),
        name="lesson-progress",
    ),
    path("me/progress/", views.MyProgressListApi.as_view(), name="my-progress"),
]
