from django.urls import path

from notebook.api import views

urlpatterns = [
    path(
        "courses/<slug:course_slug>/lessons/<slug:lesson_slug>/notes/",
        views.LessonNoteListApi.as_view(),
        name="lesson-notes",
    ),
    path("me/notes/", views.MyNoteListApi.as_view(), name="my-notes"),
    path("notes/<int:pk>/", views.NoteDetailApi.as_view(), name="note"),
    path("me/favorites/", views.MyFavoriteListApi.as_view(), name="my-favorites"),
    path("me/favorites/<slug:slug>/", views.MyFavoriteApi.as_view(), name="my-favorite"),
]
