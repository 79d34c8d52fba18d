"""The pages around the data: about, privacy notice, imprint, robots.txt, errors."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


def _publisher() -> dict[str, str]:
    """Who publishes the site, as configured; empty values are shown as missing."""
    return {
        "publisher_name": settings.SITE_PUBLISHER_NAME,
        "publisher_address": settings.SITE_PUBLISHER_ADDRESS,
        "contact_email": settings.SITE_CONTACT_EMAIL,
    }


@require_safe
def about(request):
    return render(request, "public/about.html", _publisher())


@require_safe
def privacy(request):
    # A configured outside tile server is the one third party a reader's browser meets.
    tiles_url = getattr(settings, "MAP_TILES_URL", "") or ""
    context = _publisher() | {
        "imprint_url": reverse("public:imprint"),
        "map_tiles_host": urlsplit(tiles_url).hostname or "",
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
    }
    return render(request, "public/privacy.html", context)


@require_safe
def imprint(request):
    return render(request, "public/imprint.html", _publisher())


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    # The admin lives under every language prefix: /admin/, /de/admin/.
    admin_paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            admin_paths.append(reverse("admin:index"))
    context = {
        "sitemap_url": request.build_absolute_uri(reverse("sitemap")),
        "disallowed": admin_paths,
    }
    return render(
        request, "public/robots.txt", context, content_type="text/plain; charset=utf-8"
    )


def server_error(request, template_name="500.html"):
    """The 500 page, rendered without the request: no context processor, no query.

    Whatever broke (often the database) must not break the error page as well.
    """
    try:
        html = loader.get_template(template_name).render()
    except Exception:  # noqa: BLE001 - the last line of defence must always answer
        html = _BARE_500
    return HttpResponseServerError(html)


_BARE_500 = (
    '<!DOCTYPE html><html lang="en"><title>Server error</title>'
    "<h1>Server error (500)</h1></html>"
)
