from django.urls import path

from courses.api import views

urlpatterns = [
    path("courses/", views.CourseListApi.as_view(), name="course-list"),
    path("courses/<slug:slug>/", views.CourseDetailApi.as_view(), name="course-detail"),
    path("courses/<slug:course_slug>/lessons/", views.LessonListApi.as_view(), name="lesson-list"),
    path(
        "courses/<slug:course_slug>/lessons/<slug:lesson_slug>/",
        views.LessonDetailApi.as_view(),
        name="lesson-detail",
    ),
    path(
        "courses/<slug:course_slug>/lessons/<slug:lesson_slug>/video/",
        views.LessonVideoApi.as_view(),
        name="lesson-video",
    ),
    path(
        "courses/<slug:course_slug>/lessons/<slug:lesson_slug>/captions/<str:language>/",
        views.LessonCaptionApi.as_view(),
        name="lesson-caption",
    ),
    path("moments/", views.MomentListApi.as_view(), name="moment-list"),
    path("categories/", views.CategoryListApi.as_view(), name="category-list"),
    path("categories/<slug:slug>/", views.CategoryDetailApi.as_view(), name="category-detail"),
]
