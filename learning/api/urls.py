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
    path("paths/", views.PathListApi.as_view(), name="paths"),
    path("paths/<slug:slug>/", views.PathDetailApi.as_view(), name="path"),
    path("courses/<slug:slug>/exam/", views.CourseExamApi.as_view(), name="course-exam"),
    path("courses/<slug:slug>/exam/attempts/", views.ExamAttemptCreateApi.as_view(), name="course-exam-attempts"),
    path("me/certificates/", views.MyCertificateListApi.as_view(), name="my-certificates"),
    path("certificates/<slug:code>/", views.CertificateDetailApi.as_view(), name="certificate"),
]
