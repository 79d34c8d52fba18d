from django.urls import path

from commitments import feeds, open_data_views, views

app_name = "commitments"
urlpatterns = [
    path("", views.home, name="home"),
    path("countries/<str:iso2>/", views.country_detail, name="country-detail"),
    path(
        "networks/<slug:slug>/",
        views.NetworkDetailView.as_view(),
        name="network-detail",
    ),
    path("pledges/", views.pledge_list, name="pledge-list"),
    path("pledges/<int:pk>/", views.PledgeDetailView.as_view(), name="pledge-detail"),
    path("resolutions/", views.resolution_list, name="resolution-list"),
    path(
        "resolutions/<int:pk>/",
        views.ResolutionDetailView.as_view(),
        name="resolution-detail",
    ),
    path("strategies/", views.strategy_list, name="strategy-list"),
    path(
        "strategies/<int:pk>/",
        views.StrategyDetailView.as_view(),
        name="strategy-detail",
    ),
    # Open data: exports of each list, releases, methodology, Atom feeds.
    *[
        path(
            f"{table}/export.<str:fmt>",
            open_data_views.export,
            {"table": table},
            name=f"{table}-export",
        )
        for table in open_data_views.EXPORT_FILTERS
    ],
    path("downloads/", open_data_views.downloads, name="downloads"),
    path(
        "downloads/<str:filename>",
        open_data_views.release_download,
        name="release-file",
    ),
    path("methodology/", open_data_views.methodology, name="methodology"),
    path("feeds/", feeds.SiteFeed(), name="feed"),
    path("feeds/places/<slug:slug>/", feeds.PlaceFeed(), name="place-feed"),
    path("feeds/countries/<str:code>/", feeds.CountryFeed(), name="country-feed"),
    path("feeds/networks/<slug:slug>/", feeds.NetworkFeed(), name="network-feed"),
]
