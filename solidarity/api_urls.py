"""The read-only open-data API, version 1, at /api/v1/ (the "api" namespace)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from cities.api import PlaceViewSet
from commitments import api

app_name = "api"

router = DefaultRouter()
router.register("places", PlaceViewSet, basename="place")
router.register("networks", api.NetworkViewSet, basename="network")
router.register("memberships", api.MembershipViewSet, basename="membership")
router.register("resolutions", api.ResolutionViewSet, basename="resolution")
router.register("strategies", api.StrategyViewSet, basename="strategy")
router.register("pledges", api.PledgeViewSet, basename="pledge")
router.register("updates", api.PledgeUpdateViewSet, basename="pledgeupdate")
router.register("sources", api.SourceViewSet, basename="source")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
