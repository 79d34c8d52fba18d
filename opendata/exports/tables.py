"""The public tables: each one's rows (a public queryset) and columns, in `TABLES`."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from cities.models import Place
from commitments.models import (
    Citation,
    Membership,
    Network,
    Pledge,
    PledgeUpdate,
    Practice,
    Resolution,
    Source,
    Strategy,
)
from opendata.exports.columns import (
    Column,
    country_column,
    field,
    page_url,
    page_url_sql,
    partial_date,
    place_columns,
    sources_column,
    url_column,
)


def public_citations():
    """Citations of published facts only: a draft's sources are not public yet."""
    return Citation.objects.filter(
        Q(membership__in=Membership.objects.public())
        | Q(resolution__in=Resolution.objects.public())
        | Q(strategy__in=Strategy.objects.public())
        | Q(pledge__in=Pledge.objects.public())
        | Q(update__in=PledgeUpdate.objects.public())
        | Q(practice__in=Practice.objects.public())
    )


def public_sources():
    return Source.objects.filter(pk__in=public_citations().values("source"))


@dataclass(frozen=True)
class Table:
    """A public table: its rows (the public queryset, in order) and its columns."""

    name: str
    model: type
    queryset: Callable[[], models.QuerySet]
    columns: Callable[[str], list[Column]]
    title: str = ""

    def column_list(self, base_url: str = "") -> list[Column]:
        return self.columns(base_url)


def _place_columns(base_url: str) -> list[Column]:
    return [
        field(Place, "id"),
        url_column(base_url, "public:place-detail", "slug"),
        field(Place, "name"),
        field(Place, "local_name"),
        field(Place, "slug"),
        field(Place, "kind"),
        country_column(),
        field(Place, "region"),
        field(Place, "population"),
        field(Place, "population_year"),
        field(Place, "latitude"),
        field(Place, "longitude"),
        field(Place, "website"),
        field(Place, "geonames_id"),
        field(Place, "geo_source"),
        field(Place, "updated_at"),
    ]


def _network_columns(base_url: str) -> list[Column]:
    return [
        field(Network, "id"),
        url_column(base_url, "public:network-detail", "slug"),
        field(Network, "name"),
        field(Network, "short_name"),
        field(Network, "slug"),
        field(Network, "kind"),
        field(Network, "description"),
        field(Network, "website"),
        field(Network, "updated_at"),
    ]


def _membership_columns(base_url: str) -> list[Column]:
    return [
        field(Membership, "id"),
        Column(
            "url",
            ("place__slug",),
            page_url(base_url, "public:place-detail", "slug"),
            "string",
            str(_("Permanent address of the member place's page.")),
            sql=page_url_sql(base_url, "public:place-detail", "slug", "place__slug"),
        ),
        *place_columns(),
        field(Membership, "network", "network_id"),
        Column(
            "network_name",
            ("network__name",),
            None,
            "string",
            str(_("Network.")),
            sql=F("network__name"),
        ),
        field(Membership, "role"),
        field(Membership, "role_wording"),
        *partial_date(Membership, "joined_on"),
        *partial_date(Membership, "left_on"),
        field(Membership, "note"),
        sources_column("membership"),
        field(Membership, "updated_at"),
    ]


def _resolution_columns(base_url: str) -> list[Column]:
    return [
        field(Resolution, "id"),
        url_column(base_url, "public:resolution-detail"),
        *place_columns(),
        field(Resolution, "title"),
        field(Resolution, "original_title"),
        field(Resolution, "original_language"),
        field(Resolution, "kind"),
        *partial_date(Resolution, "adopted_on"),
        field(Resolution, "adopting_body"),
        field(Resolution, "reference_number"),
        field(Resolution, "votes_for"),
        field(Resolution, "votes_against"),
        field(Resolution, "abstentions"),
        field(Resolution, "vote_note"),
        field(Resolution, "summary"),
        field(Resolution, "text_url"),
        field(Resolution, "repeals", "repeals_id"),
        sources_column("resolution"),
        field(Resolution, "updated_at"),
    ]


def _strategy_columns(base_url: str) -> list[Column]:
    return [
        field(Strategy, "id"),
        url_column(base_url, "public:strategy-detail"),
        *place_columns(),
        field(Strategy, "title"),
        field(Strategy, "original_title"),
        field(Strategy, "original_language"),
        field(Strategy, "status"),
        field(Strategy, "status_wording"),
        field(Strategy, "year_start"),
        field(Strategy, "year_end"),
        *partial_date(Strategy, "adopted_on"),
        field(Strategy, "replaces", "replaces_id"),
        field(Strategy, "participants"),
        field(Strategy, "summary"),
        field(Strategy, "document_url"),
        sources_column("strategy"),
        field(Strategy, "updated_at"),
    ]


def _pledge_columns(base_url: str) -> list[Column]:
    return [
        field(Pledge, "id"),
        url_column(base_url, "public:pledge-detail"),
        *place_columns(),
        field(Pledge, "title"),
        field(Pledge, "original_title"),
        field(Pledge, "original_language"),
        field(Pledge, "category"),
        field(Pledge, "summary"),
        field(Pledge, "target_min"),
        field(Pledge, "target_max"),
        field(Pledge, "qualifier"),
        field(Pledge, "unit"),
        field(Pledge, "unit_wording"),
        field(Pledge, "period"),
        field(Pledge, "period_count"),
        *partial_date(Pledge, "announced_on"),
        field(Pledge, "status"),
        field(Pledge, "status_wording"),
        field(Pledge, "resolution", "resolution_id"),
        field(Pledge, "strategy", "strategy_id"),
        field(Pledge, "overlaps", "overlaps_id"),
        field(Pledge, "outcome_of", "outcome_of_id"),
        sources_column("pledge"),
        field(Pledge, "updated_at"),
    ]


def _update_columns(base_url: str) -> list[Column]:
    pledge_url = page_url(base_url, "public:pledge-detail", "pk")
    return [
        field(PledgeUpdate, "id"),
        Column(
            "url",
            ("pledge_id", "id"),
            lambda pledge, pk: f"{pledge_url(pledge)}#update-{pk}",
            "string",
            str(_("Permanent address of the update on its pledge's page.")),
            sql=page_url_sql(
                base_url,
                "public:pledge-detail",
                "pk",
                "pledge_id",
                Value("#update-"),
                F("id"),
            ),
        ),
        field(PledgeUpdate, "pledge", "pledge_id"),
        Column(
            "pledge_title",
            ("pledge__title",),
            None,
            "string",
            str(_("Pledge.")),
            sql=F("pledge__title"),
        ),
        *place_columns(path="pledge__place"),
        *partial_date(PledgeUpdate, "happened_on"),
        field(PledgeUpdate, "status"),
        field(PledgeUpdate, "status_wording"),
        field(PledgeUpdate, "delivered_quantity"),
        field(PledgeUpdate, "summary"),
        # PledgeUpdate.is_verified, from the field it reads.
        Column(
            "verified",
            ("verified_at",),
            lambda verified_at: "yes" if verified_at is not None else "no",
            "string",
            str(_('"yes" when an editor checked the reported status.')),
            sql=Case(
                When(verified_at__isnull=False, then=Value("yes")),
                default=Value("no"),
            ),
        ),
        sources_column("update"),
        field(PledgeUpdate, "updated_at"),
    ]


def _practice_columns(base_url: str) -> list[Column]:
    place_url = page_url(base_url, "public:place-detail", "slug")
    return [
        field(Practice, "id"),
        Column(
            "url",
            ("place__slug", "id"),
            lambda slug, pk: f"{place_url(slug)}#practice-{pk}",
            "string",
            str(_("Permanent address of the practice on its place's page.")),
            sql=page_url_sql(
                base_url,
                "public:place-detail",
                "slug",
                "place__slug",
                Value("#practice-"),
                F("id"),
            ),
        ),
        *place_columns(),
        field(Practice, "title"),
        *partial_date(Practice, "since"),
        field(Practice, "summary"),
        sources_column("practice"),
        field(Practice, "updated_at"),
    ]


def _source_columns(base_url: str) -> list[Column]:
    return [
        field(Source, "id"),
        field(Source, "url"),
        field(Source, "title"),
        field(Source, "publisher"),
        field(Source, "language"),
        *partial_date(Source, "published_on"),
    ]


def _citation_columns(base_url: str) -> list[Column]:
    facts = ("membership", "resolution", "strategy", "pledge", "update", "practice")
    return [
        field(Citation, "id"),
        field(Citation, "source", "source_id"),
        *[field(Citation, fact, f"{fact}_id") for fact in facts],
        field(Citation, "quote"),
    ]


# Each table's rows: the public queryset in the order its list page shows (where it
# has one). The columns say what each row reads; the writers fetch it as tuples.
TABLES = {
    table.name: table
    for table in [
        Table(
            "places",
            Place,
            lambda: Place.objects.public().for_list(),
            _place_columns,
            _("places"),
        ),
        Table(
            "networks",
            Network,
            lambda: Network.objects.order_by("name", "pk"),
            _network_columns,
            _("networks"),
        ),
        Table(
            "memberships",
            Membership,
            lambda: Membership.objects.public().order_by("pk"),
            _membership_columns,
            _("memberships"),
        ),
        Table(
            "resolutions",
            Resolution,
            lambda: Resolution.objects.public().for_list(),
            _resolution_columns,
            _("resolutions"),
        ),
        Table(
            "strategies",
            Strategy,
            lambda: Strategy.objects.public().for_list(),
            _strategy_columns,
            _("strategies"),
        ),
        Table(
            "pledges",
            Pledge,
            lambda: Pledge.objects.public().for_list(),
            _pledge_columns,
            _("pledges"),
        ),
        Table(
            "updates",
            PledgeUpdate,
            lambda: PledgeUpdate.objects.public().order_by("pk"),
            _update_columns,
            _("progress updates"),
        ),
        Table(
            "practices",
            Practice,
            lambda: Practice.objects.public().order_by("pk"),
            _practice_columns,
            _("practices"),
        ),
        Table(
            "sources",
            Source,
            lambda: public_sources().order_by("pk"),
            _source_columns,
            _("sources"),
        ),
        Table(
            "citations",
            Citation,
            lambda: public_citations().order_by("pk"),
            _citation_columns,
            _("citations"),
        ),
    ]
}
