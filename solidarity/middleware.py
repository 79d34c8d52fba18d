"""What a reader gets while the database is away: a short 503 page in their language,
never a traceback, and the site back by itself once the database answers again
(Django opens a new connection for the next request: `conn_health_checks`)."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable for %s", request.path, exc_info=exception)
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"detail": _("The database is unavailable; try again in a minute.")},
                status=503,
            )
        else:
            # Rendered without the request: its context processors may need the
            # database that is away.
            html = loader.get_template("503.html").render()
            response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        # An outage page kept by a proxy would outlive the outage.
        response["Cache-Control"] = "no-store"
        return response
