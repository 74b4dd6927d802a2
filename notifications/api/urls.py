from django.urls import path

from notifications.api import views

urlpatterns = [
    path("me/notifications/", views.MyNotificationListApi.as_view(), name="my-notifications"),
    path("me/notifications/read/", views.MyNotificationsReadApi.as_view(), name="my-notifications-read"),
]
