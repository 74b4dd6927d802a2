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
    path("courses/<slug:slug>/exam/", views.course_exam, name="exam"),
    path("paths/", views.path_list, name="paths"),
    path("paths/<slug:slug>/", views.path_detail, name="path"),
    # Codes are secrets.token_urlsafe: the slug alphabet, so nothing else (a NUL least of all) reaches the lookup.
    path("certificates/<slug:code>/", views.certificate_detail, name="certificate"),
    path("certificates/<slug:code>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("certificates/<slug:code>/card.png", views.certificate_card, name="certificate_card"),
]
