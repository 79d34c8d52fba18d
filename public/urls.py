"""The reader's pages, included at the root of the site inside the language prefix.

Every one is the same for every reader, so every one is a `public_page`: cacheable by
any cache, kept in ours under the facts' version.
"""

from django.urls import path

from commitments.caching import public_page
from public.views import overview, pages, places, records

app_name = "public"
urlpatterns = [
    path("", public_page(overview.home), name="home"),
    path(
        "countries/<str:iso2>/",
        public_page(overview.country_detail),
        name="country-detail",
    ),
    path(
        "networks/<slug:slug>/",
        public_page(overview.NetworkDetailView.as_view()),
        name="network-detail",
    ),
    path("cities/", public_page(places.place_list), name="place-list"),
    path(
        "cities/<slug:slug>/",
        public_page(places.PlaceDetailView.as_view()),
        name="place-detail",
    ),
    path("pledges/", public_page(records.pledge_list), name="pledge-list"),
    path(
        "pledges/<int:pk>/",
        public_page(records.PledgeDetailView.as_view()),
        name="pledge-detail",
    ),
    path("resolutions/", public_page(records.resolution_list), name="resolution-list"),
    path(
        "resolutions/<int:pk>/",
        public_page(records.ResolutionDetailView.as_view()),
        name="resolution-detail",
    ),
    path("strategies/", public_page(records.strategy_list), name="strategy-list"),
    path(
        "strategies/<int:pk>/",
        public_page(records.StrategyDetailView.as_view()),
        name="strategy-detail",
    ),
    path("about/", public_page(pages.about), name="about"),
    path("privacy/", public_page(pages.privacy), name="privacy"),
    path("imprint/", public_page(pages.imprint), name="imprint"),
]
