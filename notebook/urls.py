from django.urls import path

from notebook import views

app_name = "notebook"
urlpatterns = [
    path("notes/", views.note_list, name="notes"),
    path("notes/export.md", views.notes_export, name="notes_export"),
    path("notes/<int:pk>/", views.note_edit, name="note_edit"),
    path("notes/<int:pk>/delete/", views.note_delete, name="note_delete"),
    path("notes/<slug:course_slug>/<slug:lesson_slug>/", views.note_create, name="note_create"),
    path("saved/<slug:slug>/", views.course_save, name="save"),
    path("saved/<slug:slug>/remove/", views.course_unsave, name="unsave"),
]
