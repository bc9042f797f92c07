"""Zoeken: one page, the box in every page's header leads here."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors
from .forms import SearchForm

FILTERS = ("jaar", "soort", "programma", "organisatie", "sortering")


@login_required
def search(request):
    form = SearchForm(request.GET or None, **selectors.filter_choices(user=request.user))
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = selectors.search(
            user=request.user,
            query=form.cleaned_data["q"],
            sort=form.cleaned_data.get("sortering") or selectors.RELEVANCE,
            page=form.cleaned_data.get("pagina") or 1,
            **form.filters(),
        )
    params = request.GET.copy()
    params.pop("pagina", None)
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "results": results,
            "params": params.urlencode(),
            "filtering": any(request.GET.get(name) for name in FILTERS),
        },
    )
