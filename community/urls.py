from django.urls import path

from community import views

app_name = "community"

urlpatterns = [
    path(
        "courses/<slug:course_slug>/lessons/<slug:lesson_slug>/threads/new/",
        views.thread_create,
        name="thread-create",
    ),
    path(
        "courses/<slug:course_slug>/lessons/<slug:lesson_slug>/threads/<int:pk>/",
        views.thread_detail,
        name="thread",
    ),
    path("community/threads/<int:pk>/reply/", views.reply_create, name="reply-create"),
    path("community/threads/<int:pk>/edit/", views.thread_edit, name="thread-edit"),
    path("community/threads/<int:pk>/<slug:action>/", views.thread_action, name="thread-action"),
    path("community/replies/<int:pk>/edit/", views.reply_edit, name="reply-edit"),
    path("community/replies/<int:pk>/<slug:action>/", views.reply_action, name="reply-action"),
]
