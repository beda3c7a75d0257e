from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("article/<str:slug>/pdf/", views.article_pdf, name="article_pdf"),
]
