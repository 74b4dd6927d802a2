from django.urls import path

from accounts.api import profile, views

urlpatterns = [
    path("auth/token/", views.TokenApi.as_view(), name="auth-token"),
    path("me/profile/", profile.MyProfileApi.as_view(), name="my-profile"),
]
