from django.urls import path

from core.middleware import validates_own_query
from search import views

app_name = "search"

urlpatterns = [
    # The search form says itself what is wrong with a query (NUL included).
    path("", validates_own_query(views.SearchView.as_view()), name="results"),
]
