from django.urls import path

from teachers.api import views

urlpatterns = [
    path("teachers/", views.TeacherListApi.as_view(), name="teacher-list"),
    path("teachers/<slug:slug>/", views.TeacherDetailApi.as_view(), name="teacher-detail"),
]
