from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
]

# English at the plain addresses, German under /de/.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("commitments.urls")),
    path("cities/", include("cities.urls")),
    prefix_default_language=False,
)
