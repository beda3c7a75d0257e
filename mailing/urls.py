from django.urls import path

from mailing import views

app_name = "mailing"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("leave/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
