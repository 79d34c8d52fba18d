"""What the benchmark asks of the database from inside Django, printed as JSON.

    python -m bench.inprocess facts              # the most active place, row counts
    python -m bench.inprocess queries PATH...    # queries each page runs, per request

Run by bench/pages.py with the same environment as the server it measures.
"""

import json
import sys

import django


def facts() -> dict:
    from django.db.models import Count

    from cities.models import Place
    from commitments.models import Pledge, PledgeUpdate

    busiest = (
        Place.objects.public()
        .annotate(pledge_count=Count("pledges"))
        .order_by("-pledge_count", "pk")
        .values("slug", "pledge_count")
        .first()
    )
    return {
        "busiest_place": busiest["slug"] if busiest else None,
        "busiest_place_pledges": busiest["pledge_count"] if busiest else 0,
        "places": Place.objects.count(),
        "pledges": Pledge.objects.count(),
        "public_pledges": Pledge.objects.public().count(),
        "updates": PledgeUpdate.objects.count(),
    }


def queries(paths: list[str]) -> dict:
    """Queries per request of each page, once the site has answered a first request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(paths[0])
    counts = {}
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        counts[path] = {"status": response.status_code, "queries": len(captured)}
    return counts


def main() -> None:
    django.setup()
    command, *args = sys.argv[1:]
    result = facts() if command == "facts" else queries(args)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
