"""The site's addresses plus /bench-floor/, a bare view behind the same middleware:
the fastest any page of ours could answer, which the benchmark compares pages with."""

from django.http import HttpResponse
from django.urls import path

from solidarity.urls import handler500  # noqa: F401
from solidarity.urls import urlpatterns as site_urlpatterns


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench-floor/", floor), *site_urlpatterns]
