from django.urls import path

from courses.api import views

urlpatterns = [
    path("courses/", views.CourseListApi.as_view(), name="course-list"),
    path("courses/<slug:slug>/", views.CourseDetailApi.as_view(), name="course-detail"),
    path("courses/<slug:slug>/ratings/", views.CourseRatingListApi.as_view(), name="course-ratings"),
    path("courses/<slug:slug>/ratings/stats/", views.CourseRatingStatsApi.as_view(), name="course-rating-stats"),
    path("courses/<slug:slug>/ratings/mine/", views.MyCourseRatingApi.as_view(), name="course-rating-mine"),
    path("courses/<slug:course_slug>/lessons/", views.LessonListApi.as_view(), name="lesson-list"),
    path(
        "courses/<slug:course_slug>/lessons/<slug:lesson_slug>/",
        views.LessonDetailApi.as_view(),
        name="lesson-detail",
    ),
    path(
        "courses/<slug:course_slug>/lessons/<slug:lesson_slug>/progress/",
        views.LessonProgressApi.as_view(),
        name="lesson-progress",
    ),
    path("categories/", views.CategoryListApi.as_view(), name="category-list"),
    path("categories/<slug:slug>/", views.CategoryDetailApi.as_view(), name="category-detail"),
    path("me/progress/", views.MyProgressListApi.as_view(), name="my-progress"),
]
