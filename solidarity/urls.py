from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from commitments.caching import public_page
from public.sitemaps import sitemaps
from public.views import pages
from solidarity import health

urlpatterns = [
    # For load balancers: the process answers; it can serve (JSON, 200 or 503).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The open-data API: one address for every language, JSON only.
    path("api/v1/", include("opendata.api.urls")),
    path("robots.txt", pages.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
]

# English at the plain addresses, German under /de/.
urlpatterns += i18n_patterns(
    # Invitations and password reset; first, as it adds an address under admin/.
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("corrections/", include("corrections.urls")),
    path("", include("public.urls")),
    path("", include("opendata.urls")),
    prefix_default_language=False,
)

# Rendered without the request, so a broken database cannot break the error page too.
handler500 = pages.server_error
