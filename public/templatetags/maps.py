from django import template
from django.conf import settings

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
