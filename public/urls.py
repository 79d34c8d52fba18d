"""The reader's pages, included at the root of the site inside the language prefix."""

from django.urls import path

from public.views import overview, pages, places, records

app_name = "public"
urlpatterns = [
    path("", overview.home, name="home"),
    path("countries/<str:iso2>/", overview.country_detail, name="country-detail"),
    path(
        "networks/<slug:slug>/",
        overview.NetworkDetailView.as_view(),
        name="network-detail",
    ),
    path("cities/", places.place_list, name="place-list"),
    path("cities/<slug:slug>/", places.PlaceDetailView.as_view(), name="place-detail"),
    path("pledges/", records.pledge_list, name="pledge-list"),
    path("pledges/<int:pk>/", records.PledgeDetailView.as_view(), name="pledge-detail"),
    path("resolutions/", records.resolution_list, name="resolution-list"),
    path(
        "resolutions/<int:pk>/",
        records.ResolutionDetailView.as_view(),
        name="resolution-detail",
    ),
    path("strategies/", records.strategy_list, name="strategy-list"),
    path(
        "strategies/<int:pk>/",
        records.StrategyDetailView.as_view(),
        name="strategy-detail",
    ),
    path("about/", pages.about, name="about"),
    path("privacy/", pages.privacy, name="privacy"),
    path("imprint/", pages.imprint, name="imprint"),
]
