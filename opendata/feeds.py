"""Atom feeds of new and updated published pledges and resolutions.

One feed for the whole site and one per place, per country and per network. Entries
are the most recently changed records, newest first; a record changed again moves to
the top with its new `updated` time.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cities.models import Place
from commitments.models import Network, Pledge, Resolution

FEED_LENGTH = 50


class _FactFeed(Feed):
    feed_type = Atom1Feed

    def facts(self, obj):
        """Querysets of pledges and resolutions this feed covers, before public()."""
        return Pledge.objects.all(), Resolution.objects.all()

    def items(self, obj):
        pledges, resolutions = self.facts(obj)
        recent = [
            *pledges.public()
            .select_related("place")
            .order_by("-updated_at")[:FEED_LENGTH],
            *resolutions.public()
            .select_related("place")
            .order_by("-updated_at")[:FEED_LENGTH],
        ]
        recent.sort(key=lambda fact: fact.updated_at, reverse=True)
        return recent[:FEED_LENGTH]

    def item_title(self, item):
        kind = _("Pledge") if isinstance(item, Pledge) else _("Resolution")
        return f"{item.place.name}: {item.title} ({kind})"

    def item_description(self, item):
        return item.summary

    def item_guid(self, item):
        return self.item_link(item)

    def item_guid_is_permalink(self, item):
        return True

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.created_at

    def item_categories(self, item):
        if isinstance(item, Pledge):
            return [item.get_category_display()]
        return [item.get_kind_display()]


class SiteFeed(_FactFeed):
    title = _("Solidarity Cities Tracker: new and updated pledges and resolutions")
    description = _("Published pledges and resolutions of all places, newest first.")

    def link(self):
        return reverse("public:home")


class PlaceFeed(_FactFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Place.objects.public(), slug=slug)

    def title(self, obj):
        return _("%(place)s: new and updated pledges and resolutions") % {
            "place": obj.name
        }

    def link(self, obj):
        return obj.get_absolute_url()

    def facts(self, obj):
        return Pledge.objects.for_place(obj), Resolution.objects.for_place(obj)


class CountryFeed(_FactFeed):
    def get_object(self, request, code):
        code = code.upper()
        if code not in dict(countries) or not Place.objects.in_country(code).exists():
            raise Http404(_("No places in this country."))
        return code

    def title(self, obj):
        return _("%(country)s: new and updated pledges and resolutions") % {
            "country": dict(countries)[obj]
        }

    def link(self, obj):
        return reverse("public:country-detail", args=[obj])

    def facts(self, obj):
        return Pledge.objects.in_country(obj), Resolution.objects.in_country(obj)


class NetworkFeed(_FactFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Network, slug=slug)

    def title(self, obj):
        return _("Members of %(network)s: new and updated pledges and resolutions") % {
            "network": obj.name
        }

    def link(self, obj):
        return obj.get_absolute_url()

    def facts(self, obj):
        return Pledge.objects.of_members_of(obj), Resolution.objects.of_members_of(obj)
