from django.urls import path

from pages import views

app_name = "pages"

urlpatterns = [
    path("<str:slug>/", views.PageDetailView.as_view(), name="detail"),
]
