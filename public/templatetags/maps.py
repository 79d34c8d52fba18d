from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import ngettext

register = template.Library()


def markers(places) -> list[dict]:
    """What the map script needs of each place with coordinates, for json_script."""
    return [
        {
            "name": place.name,
            "url": place.get_absolute_url(),
            "lat": float(place.latitude),
            "lon": float(place.longitude),
        }
        for place in places
        if place.has_coordinates
    ]


@register.inclusion_tag("includes/map.html")
def place_map(places, map_id="map", listed_in="", small=False):
    """A Leaflet map of `places`, shown only when JavaScript runs.

    Readers without JavaScript get the places as text: the list this renders, or, when
    the page already lists them, a link to that list (`listed_in`, e.g. "#places").
    """
    mapped = [place for place in places if place.has_coordinates]
    return {
        "map_id": map_id,
        "data_id": f"{map_id}-data",
        "markers": markers(mapped),
        "places": mapped,
        "listed_in": listed_in,
        "small": small,
        "tiles_url": settings.MAP_TILES_URL,
        "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
    }


@register.inclusion_tag("includes/map.html")
def country_map(countries, map_id="map", listed_in=""):
    """A Leaflet map with one marker per country, at the middle of its places: its
    size follows the number of countries, never the number of places.

    `countries` are rows with `code`, `name`, `places`, `latitude` and `longitude`;
    `listed_in` points to the page's list of the same countries, for readers without
    JavaScript.
    """
    mapped = [row for row in countries if row.latitude is not None]
    return {
        "map_id": map_id,
        "data_id": f"{map_id}-data",
        "markers": [
            {
                "name": ngettext(
                    "%(country)s: %(count)d place",
                    "%(country)s: %(count)d places",
                    row.places,
                )
                % {"country": row.name, "count": row.places},
                "url": reverse("public:country-detail", args=[row.code]),
                "lat": float(row.latitude),
                "lon": float(row.longitude),
            }
            for row in mapped
        ],
        "places": [],
        "listed_in": listed_in,
        "small": False,
        "tiles_url": settings.MAP_TILES_URL,
        "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
    }
