from django.urls import path

from commitments import views

app_name = "commitments"
urlpatterns = [
    path("", views.home, name="home"),
    path(
        "networks/<slug:slug>/",
        views.NetworkDetailView.as_view(),
        name="network-detail",
    ),
    path("pledges/<int:pk>/", views.PledgeDetailView.as_view(), name="pledge-detail"),
    path(
        "resolutions/<int:pk>/",
        views.ResolutionDetailView.as_view(),
        name="resolution-detail",
    ),
    path(
        "strategies/<int:pk>/",
        views.StrategyDetailView.as_view(),
        name="strategy-detail",
    ),
]
