from django.urls import path

from community.api import views

urlpatterns = [
    path(
        "courses/<slug:course_slug>/lessons/<slug:lesson_slug>/threads/",
        views.LessonThreadListApi.as_view(),
        name="lesson-threads",
    ),
    path("threads/<int:pk>/", views.ThreadDetailApi.as_view(), name="thread"),
    path("threads/<int:pk>/replies/", views.ThreadReplyCreateApi.as_view(), name="thread-replies"),
    path("threads/<int:pk>/vote/", views.ThreadVoteApi.as_view(), name="thread-vote"),
    path("threads/<int:pk>/flag/", views.ThreadFlagApi.as_view(), name="thread-flag"),
    path("threads/<int:pk>/follow/", views.ThreadFollowApi.as_view(), name="thread-follow"),
    path("replies/<int:pk>/", views.ReplyDetailApi.as_view(), name="reply"),
    path("replies/<int:pk>/vote/", views.ReplyVoteApi.as_view(), name="reply-vote"),
    path("replies/<int:pk>/accept/", views.ReplyAcceptApi.as_view(), name="reply-accept"),
    path("replies/<int:pk>/flag/", views.ReplyFlagApi.as_view(), name="reply-flag"),
]
