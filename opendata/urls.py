"""The researcher's addresses: every list's exports, releases, methodology, feeds.

Included at the root of the site, inside the language prefix (the API has its own
address, /api/v1/, in `opendata.api.urls`).
"""

from django.urls import path

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
    path("downloads/", views.downloads, name="downloads"),
    path("downloads/<str:filename>", views.release_download, name="release-file"),
    path("methodology/", views.methodology, name="methodology"),
    path("feeds/", feeds.SiteFeed(), name="feed"),
    path("feeds/places/<slug:slug>/", feeds.PlaceFeed(), name="place-feed"),
    path("feeds/countries/<str:code>/", feeds.CountryFeed(), name="country-feed"),
    path("feeds/networks/<slug:slug>/", feeds.NetworkFeed(), name="network-feed"),
]
