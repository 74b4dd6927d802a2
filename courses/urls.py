from django.urls import path

from courses import views
from courses.feeds import LatestCoursesFeed

app_name = "courses"

urlpatterns = [
    path("", views.course_list, name="list"),
    path("feed.xml", LatestCoursesFeed(), name="feed"),
    path("<slug:slug>/", views.course_detail, name="detail"),
    path("<slug:course_slug>/lessons/<slug:lesson_slug>/", views.lesson_detail, name="lesson"),
]
