from django.urls import path

from uploads.api import views

urlpatterns = [
    path("uploads/", views.UploadListApi.as_view(), name="upload-list"),
    path("uploads/<uuid:upload_id>/", views.UploadDetailApi.as_view(), name="upload-detail"),
    path("uploads/<uuid:upload_id>/parts/", views.UploadPartApi.as_view(), name="upload-part"),
    path("uploads/<uuid:upload_id>/complete/", views.UploadCompleteApi.as_view(), name="upload-complete"),
]
