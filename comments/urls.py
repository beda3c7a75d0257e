"""Comment URLs, under each language prefix (``/en/comments/…``)."""

from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path("post/<str:slug>/", views.CommentPostView.as_view(), name="post"),
    path("<int:pk>/report/", views.CommentReportView.as_view(), name="report"),
    path("moderation/", views.ModerationQueueView.as_view(), name="moderation"),
]
