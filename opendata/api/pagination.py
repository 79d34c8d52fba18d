"""Pages, conditional answers and caching for every endpoint of the API."""

from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from commitments.caching import public_page
from commitments.pagination import CountedOncePerVersionPaginator


class Pagination(PageNumberPagination):
    """Numbered pages; a malformed page number is a 400 naming `page`, not a 404."""

    page_size = 50
    django_paginator_class = CountedOncePerVersionPaginator
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        for name in (self.page_query_param, self.page_size_query_param):
            raw = request.query_params.get(name)
            if raw is not None and not (raw.isdigit() and 0 < int(raw) < 10**9):
                raise ValidationError({name: [_("Enter a whole number, 1 or more.")]})
        return super().paginate_queryset(queryset, request, view)


class ConditionalMixin:
    """Pages of results, an ETag on each GET and HEAD, and 304 Not Modified for an
    If-None-Match that still matches."""

    pagination_class = Pagination

    @classmethod
    def as_view(cls, *args, **kwargs):
        # Kept per Accept header: the same address answers JSON or browsable HTML.
        return public_page(super().as_view(*args, **kwargs), vary_on_accept=True)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.render()
            set_response_etag(response)
            return get_conditional_response(
                request, etag=response.headers["ETag"], response=response
            )
        return response
