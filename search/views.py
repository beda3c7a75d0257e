"""The search results page."""

from django.views.generic import ListView

from articles import cards
from core import conf
from core.reader import digits_preference
from search.forms import BOTH, SearchForm, printable
from search.query import RankedArticles, cached_search
from search.results import fetch_missing_bylines
from search.terms import parse_query


class SearchView(ListView):
    """Published articles matching the reader's words, best first, paginated.

    Never an error page: without words, the form and a hint (200); a form
    error (a NUL character, too long a query, only signs, an unknown
    category…) shows the form with its errors and the text kept (400); a
    page number past the end shows the last page.
    """

    template_name = "search/search_results.html"
    context_object_name = "articles"
    query_parameters = tuple(SearchForm.base_fields)

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET or None, digits=digits_preference(request))
        response = super().get(request, *args, **kwargs)
        if self.form.is_bound and not self.form.is_valid():
            response.status_code = 400
        return response

    def get_paginate_by(self, queryset):
        return conf.get("CMS_PAGINATE_BY")

    def get_queryset(self):
        """The ranked ids (one query, cached); the page fetches its own articles."""
        if not self.form.query:
            return RankedArticles([])
        return cached_search(self.form.query, self.form.filters())

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cards.show(context, list(context["articles"]))
        fetch_missing_bylines(self.request, context["articles"])
        query = self.form.query
        total = context["paginator"].count
        context.update(
            form=self.form,
            query=query,
            search_query=printable(self.form.data.get("q", "")),
            terms=parse_query(query),
            total=total,
            capped=total >= conf.get("CMS_SEARCH_MAX_RESULTS"),
            other_editions=self.other_editions() if query else [],
            unfiltered_url=self.unfiltered_url() if query else "",
        )
        return context

    def _url(self, **changes):
        params = self.request.GET.copy()
        params.pop(self.page_kwarg, None)
        for name, value in changes.items():
            params[name] = value
        return f"{self.request.path}?{params.urlencode()}"

    def other_editions(self):
        """``[(edition, url)]``: the same search in the other edition, and both."""
        edition = self.form.cleaned_data.get("edition")
        if edition is None or edition == BOTH:
            return []
        other = "en" if edition == "ar" else "ar"
        return [(other, self._url(edition=other)), (BOTH, self._url(edition=BOTH))]

    def unfiltered_url(self):
        """The same words without the filters (the edition kept), if any was set."""
        if not self.form.narrowed():
            return ""
        params = {"q": self.form.query}
        if "edition" in self.form.cleaned_data:
            params["edition"] = self.form.cleaned_data["edition"]
        query = self.request.GET.copy()
        query.clear()
        query.update(params)
        return f"{self.request.path}?{query.urlencode()}"
