from django.db import models
from django.db.models import Avg, Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cities.choice_labels import ChoiceLabels


class PlaceKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    CITY_STATE = "city_state", _("city-state")
    DISTRICT = "district", _("district")
    COUNTY = "county", _("county")
    BOROUGH = "borough", _("borough")
    ARRONDISSEMENT = "arrondissement", _("arrondissement")
    MUNICIPAL_ASSOCIATION = "municipal_association", _("municipal association")
    METROPOLITAN_AUTHORITY = "metropolitan_authority", _("metropolitan authority")
    REGION = "region", _("region")
    CANTON = "canton", _("canton")
    STATE = "state", _("state")


class PlaceQuerySet(models.QuerySet):
    def public(self):
        """Every place is public: a place is a public authority, not a claim."""
        return self.all()

    def in_country(self, *codes: str):
        return self.filter(country__in=[code.upper() for code in codes])

    def country_codes(self) -> list[str]:
        """The distinct countries of these places, as ISO codes."""
        return list(self.order_by().values_list("country", flat=True).distinct())

    def per_country(self):
        """One row per country: its code, how many places, and the middle of its
        places with coordinates (None where it has none), for overviews and maps
        whose size must not grow with the number of places."""
        return (
            self.order_by()
            .values("country")
            .annotate(
                places=Count("pk"),
                latitude=Avg("latitude"),
                longitude=Avg("longitude"),
            )
        )

    def with_any(self, facts):
        """Places that at least one of `facts` (any queryset of a place's facts) is
        about; the facts' own queryset decides which of them count."""
        return self.filter(pk__in=facts.values("place"))

    def without_any(self, facts):
        return self.exclude(pk__in=facts.values("place"))

    def search(self, text: str):
        """Places whose name or local name contains `text`."""
        return self.filter(Q(name__icontains=text) | Q(local_name__icontains=text))

    def for_list(self):
        """The explorer's rows, in a stable order so pages never repeat a row."""
        return self.order_by("name", "pk")

    def most_populous_first(self):
        return self.order_by(F("population").desc(nulls_last=True), "name", "pk")


class Place(ChoiceLabels, models.Model):
    """A city or other public authority that can join networks and make commitments."""

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_('Name in English where one is common ("Hanover"), else local.'),
    )
    local_name = models.CharField(
        _("local name"),
        max_length=200,
        blank=True,
        help_text=_('Name in the local language where it differs ("Hannover").'),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("Used in the address of the place's page. Change it rarely."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=32,
        choices=PlaceKind.choices,
        default=PlaceKind.MUNICIPALITY,
    )
    country = CountryField(_("country"))
    region = models.CharField(
        _("region"),
        max_length=200,
        blank=True,
        help_text=_("State, province or region the place lies in."),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population year"),
        null=True,
        blank=True,
        help_text=_("Year the population figure refers to, where the source says."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    website = models.URLField(_("website"), max_length=500, blank=True)
    geonames_id = models.PositiveIntegerField(
        _("GeoNames id"),
        null=True,
        blank=True,
        help_text=_("Where coordinates and population came from, if from GeoNames."),
    )
    geo_source = models.URLField(
        _("geography source"),
        max_length=500,
        blank=True,
        help_text=_("Page the coordinates and population were taken from."),
    )
    source_url = models.URLField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("A page showing this place exists under this name, if needed."),
    )
    dataset_key = models.CharField(
        _("dataset key"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Row of the bundled dataset this place was loaded from."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Every create, change and delete, with who and when; editors can revert.
    history = HistoricalRecords()

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset_key"],
                condition=~Q(dataset_key=""),
                name="place_dataset_key_unique",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="place_coordinates_pair_in_range",
                violation_error_message=_(
                    "Enter both latitude (-90 to 90) and longitude (-180 to 180), "
                    "or neither."
                ),
            ),
            models.CheckConstraint(
                condition=Q(population_year__isnull=True) | Q(population__isnull=False),
                name="place_population_year_needs_population",
                violation_error_message=_(
                    "A population year needs the population figure."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["country", "name"]),
            # The lists of places and of their records sort by place name: with it,
            # a page of 50 reads its places in order instead of sorting them all.
            models.Index(fields=["name"], name="place_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("public:place-detail", kwargs={"slug": self.slug})

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None
