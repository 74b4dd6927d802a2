from django.urls import path

from learning import views

app_name = "learning"

urlpatterns = [
    path("courses/<slug:slug>/rating/", views.course_rate, name="rate"),
    path("courses/<slug:slug>/rating/delete/", views.course_rating_delete, name="rating_delete"),
    path(
        "courses/<slug:course_slug>/lessons/<slug:lesson_slug>/complete/",
        views.lesson_complete,
        name="lesson_complete",
    ),
]
