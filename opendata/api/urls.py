"""The read-only open-data API, version 1, at /api/v1/ (the "api" namespace)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from opendata.api import viewsets

app_name = "api"

router = DefaultRouter()
router.register("places", viewsets.PlaceViewSet, basename="place")
router.register("networks", viewsets.NetworkViewSet, basename="network")
router.register("memberships", viewsets.MembershipViewSet, basename="membership")
router.register("resolutions", viewsets.ResolutionViewSet, basename="resolution")
router.register("strategies", viewsets.StrategyViewSet, basename="strategy")
router.register("pledges", viewsets.PledgeViewSet, basename="pledge")
router.register("updates", viewsets.PledgeUpdateViewSet, basename="pledgeupdate")
router.register("sources", viewsets.SourceViewSet, basename="source")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Its script from an address of its own, not inline: the CSP allows no inline.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema"),
        name="docs",
    ),
    *router.urls,
]
