"""The explorer lists' shared machinery: a FilterSet, one page of its rows, and links
into the lists."""

from urllib.parse import urlencode

from django.core.paginator import InvalidPage
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from commitments.pagination import CountedOncePerVersionPaginator

# Rows per page of the explorer lists.
LIST_PAGE_SIZE = 50


def filtered_list(request, filterset_class, queryset, template_name: str):
    """An explorer list: the FilterSet reads the query string, one page of its rows.

    Filters it cannot read give status 400 and no rows, a page that does not exist
    404; both pages show the form again with what went wrong.
    """
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    context = {"filterset": filterset}
    if not filterset.is_valid():
        return render(request, template_name, context, status=400)
    paginator = CountedOncePerVersionPaginator(filterset.qs, LIST_PAGE_SIZE)
    context["paginator"] = paginator
    try:
        context["page_obj"] = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        return render(request, template_name, context, status=404)
    return render(request, template_name, context)


def pledge_list_url(**params) -> str:
    """The public pledge list, filtered by `params` (a colleague's list page)."""
    try:
        path = reverse("public:pledge-list")
    except NoReverseMatch:
        path = "/pledges/"
    return f"{path}?{urlencode(params)}" if params else path
