"""The read-only JSON API of places (under /api/v1/places/)."""

from rest_framework import serializers, viewsets

from cities.filters import PlaceFilter
from cities.models import Place
from commitments.api import ConditionalMixin, absolute_page_url


class PlaceSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:place-detail")
    html_url = serializers.SerializerMethodField(help_text="The place's public page.")
    country = serializers.CharField(source="country.code")

    class Meta:
        model = Place
        fields = [
            "url",
            "id",
            "html_url",
            "name",
            "local_name",
            "slug",
            "kind",
            "country",
            "region",
            "population",
            "population_year",
            "latitude",
            "longitude",
            "website",
            "geonames_id",
            "geo_source",
            "updated_at",
        ]

    def get_html_url(self, obj) -> str:
        return absolute_page_url(self.context["request"], obj)


class PlaceViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """Places: cities and other public authorities. Filters as on the places list."""

    queryset = Place.objects.public().order_by("name", "pk")
    serializer_class = PlaceSerializer
    filterset_class = PlaceFilter
