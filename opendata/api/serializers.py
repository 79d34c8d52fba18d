"""How the API shows each published fact: its fields, its page and its sources."""

from django.urls import reverse
from django.utils.translation import override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cities.models import Place
from commitments.models import (
    Membership,
    Network,
    Pledge,
    PledgeUpdate,
    Resolution,
    Source,
    Strategy,
)
from opendata.api.links import Link, SelfLink


def absolute_page_url(request, obj) -> str:
    """A record's permanent public page, in the site's default language."""
    with override(None):
        return request.build_absolute_uri(obj.get_absolute_url())


@extend_schema_field(OpenApiTypes.STR)
class PartialDateField(serializers.Field):
    """A partial date as text: "2019", "2019-02", "2019-02-28", "by 2022-03"."""

    def __init__(self, attribute: str, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        kwargs.setdefault("allow_null", True)
        self.attribute = attribute
        super().__init__(**kwargs)

    def to_representation(self, obj):
        value = getattr(obj, self.attribute)
        return None if value is None else str(value)


class CitationSerializer(serializers.Serializer):
    url = serializers.URLField(source="source.url")
    title = serializers.CharField(source="source.title")
    source = Link(view_name="api:source-detail", read_only=True)
    quote = serializers.CharField()


class _FactSerializer(serializers.HyperlinkedModelSerializer):
    """What every published fact shows: its page, its place and its sources."""

    html_url = serializers.SerializerMethodField()
    place = Link(view_name="api:place-detail", read_only=True)
    sources = CitationSerializer(source="citations", many=True, read_only=True)

    def get_html_url(self, obj) -> str:
        return absolute_page_url(self.context["request"], obj)


class NetworkSerializer(serializers.HyperlinkedModelSerializer):
    url = SelfLink(view_name="api:network-detail")
    html_url = serializers.SerializerMethodField()

    class Meta:
        model = Network
        fields = [
            "url",
            "id",
            "html_url",
            "name",
            "short_name",
            "slug",
            "kind",
            "description",
            "website",
            "updated_at",
        ]

    def get_html_url(self, obj) -> str:
        return absolute_page_url(self.context["request"], obj)


class MembershipSerializer(_FactSerializer):
    url = SelfLink(view_name="api:membership-detail")
    network = Link(view_name="api:network-detail", read_only=True)
    joined_on = PartialDateField("joined")
    left_on = PartialDateField("left")

    class Meta:
        model = Membership
        fields = [
            "url",
            "id",
            "html_url",
            "place",
            "network",
            "role",
            "role_wording",
            "joined_on",
            "joined_on_precision",
            "left_on",
            "left_on_precision",
            "note",
            "sources",
            "updated_at",
        ]

    def get_html_url(self, obj) -> str:
        return absolute_page_url(self.context["request"], obj.place)


class ResolutionSerializer(_FactSerializer):
    url = SelfLink(view_name="api:resolution-detail")
    adopted_on = PartialDateField("adopted")
    repeals = Link(view_name="api:resolution-detail", read_only=True)

    class Meta:
        model = Resolution
        fields = [
            "url",
            "id",
            "html_url",
            "place",
            "title",
            "original_title",
            "original_language",
            "kind",
            "adopted_on",
            "adopted_on_precision",
            "adopting_body",
            "reference_number",
            "votes_for",
            "votes_against",
            "abstentions",
            "vote_note",
            "summary",
            "text_url",
            "repeals",
            "sources",
            "updated_at",
        ]


class StrategySerializer(_FactSerializer):
    url = SelfLink(view_name="api:strategy-detail")
    adopted_on = PartialDateField("adopted")
    replaces = Link(view_name="api:strategy-detail", read_only=True)

    class Meta:
        model = Strategy
        fields = [
            "url",
            "id",
            "html_url",
            "place",
            "title",
            "original_title",
            "original_language",
            "status",
            "status_wording",
            "year_start",
            "year_end",
            "adopted_on",
            "adopted_on_precision",
            "replaces",
            "participants",
            "summary",
            "document_url",
            "sources",
            "updated_at",
        ]


class PledgeSerializer(_FactSerializer):
    url = SelfLink(view_name="api:pledge-detail")
    announced_on = PartialDateField("announced")
    resolution = Link(view_name="api:resolution-detail", read_only=True)
    strategy = Link(view_name="api:strategy-detail", read_only=True)
    overlaps = Link(view_name="api:pledge-detail", read_only=True)
    outcome_of = Link(view_name="api:pledge-detail", read_only=True)
    updates = serializers.SerializerMethodField()

    class Meta:
        model = Pledge
        fields = [
            "url",
            "id",
            "html_url",
            "place",
            "title",
            "original_title",
            "original_language",
            "category",
            "summary",
            "target_min",
            "target_max",
            "qualifier",
            "unit",
            "unit_wording",
            "period",
            "period_count",
            "announced_on",
            "announced_on_precision",
            "status",
            "status_wording",
            "resolution",
            "strategy",
            "overlaps",
            "outcome_of",
            "updates",
            "sources",
            "updated_at",
        ]

    def get_updates(self, obj) -> str:
        """The pledge's progress updates, as a filtered list address."""
        address = reverse("api:pledgeupdate-list") + f"?pledge={obj.pk}"
        return self.context["request"].build_absolute_uri(address)


class PledgeUpdateSerializer(_FactSerializer):
    url = SelfLink(view_name="api:pledgeupdate-detail")
    pledge = Link(view_name="api:pledge-detail", read_only=True)
    happened_on = PartialDateField("happened")
    verified = serializers.BooleanField(source="is_verified", read_only=True)

    class Meta:
        model = PledgeUpdate
        fields = [
            "url",
            "id",
            "pledge",
            "happened_on",
            "happened_on_precision",
            "status",
            "status_wording",
            "delivered_quantity",
            "summary",
            "verified",
            "sources",
            "updated_at",
        ]


class SourceSerializer(serializers.HyperlinkedModelSerializer):
    url = SelfLink(view_name="api:source-detail")
    address = serializers.URLField(source="url")
    published_on = PartialDateField("published")

    class Meta:
        model = Source
        fields = [
            "url",
            "id",
            "address",
            "title",
            "publisher",
            "language",
            "published_on",
            "published_on_precision",
        ]


class PlaceSerializer(serializers.HyperlinkedModelSerializer):
    url = SelfLink(view_name="api:place-detail")
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
