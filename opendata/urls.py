"""The researcher's addresses: every list's exports, releases, methodology, feeds.

Included at the root of the site, inside the language prefix (the API has its own
address, /api/v1/, in `opendata.api.urls`).
"""

from django.urls import path

from commitments.caching import public_page
from opendata import feeds, views

app_name = "opendata"
urlpatterns = [
    *[
        path(
            f"{table}/export.<str:fmt>",
            views.export,
            {"table": table},
            name=f"{table}-export",
        )
        for table in views.EXPORT_FILTERS
    ],
    path("downloads/", public_page(views.downloads), name="downloads"),
    path("downloads/<str:filename>", views.release_download, name="release-file"),
    path("methodology/", public_page(views.methodology), name="methodology"),
    path("feeds/", public_page(feeds.SiteFeed()), name="feed"),
    path(
        "feeds/places/<slug:slug>/", public_page(feeds.PlaceFeed()), name="place-feed"
    ),
    path(
        "feeds/countries/<str:code>/",
        public_page(feeds.CountryFeed()),
        name="country-feed",
    ),
    path(
        "feeds/networks/<slug:slug>/",
        public_page(feeds.NetworkFeed()),
        name="network-feed",
    ),
]
