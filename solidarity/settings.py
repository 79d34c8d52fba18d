"""Settings for the Solidarity Cities Tracker, configured by environment variables.

Every variable is listed in the README. Unset variables fall back to safe defaults:
the embedded SQLite database, debug off.
"""

import ipaddress
import os
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no variable, refusing values that could be a typo."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list, ignoring blanks around commas.

    An item with a space or semicolon inside is refused: it is two items written with
    the wrong separator, and taking it as one would silently match nothing.
    """
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",") if item.strip()]
    for item in items:
        if ";" in item or any(char.isspace() for char in item):
            raise ImproperlyConfigured(
                f"{name} must be separated by commas; {item!r} is not one item."
            )
    return items


def env_int(name: str, default: int) -> int:
    """Read a whole number of zero or more, refusing anything else."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = -1
    if value < 0:
        raise ImproperlyConfigured(f"{name} must be a whole number, 0 or more.")
    return value


def env_networks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Read comma-separated IP addresses or networks (CIDR), refusing anything else."""
    networks = []
    for item in env_list(name, []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks separated by commas "
                f"(127.0.0.1,10.0.0.0/8); {item!r} is neither."
            ) from None
    return networks


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY, or DJANGO_DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-never-used-with-debug-off"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "django_countries",
    "django_filters",
    "django_guid",
    "cities",
    "commitments",
    "public",
    "opendata",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "accounts",
    "simple_history",
    "import_export",
    "corrections",
    "operations",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
]

MIDDLEWARE = [
    # First: every log line of the request, and its response, carry its id.
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "solidarity.csp.SitePolicyMiddleware",
    # Browser features no page here uses are switched off (Permissions-Policy).
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages, JSON and exports gzipped for clients that accept it (static files come
    # compressed from WhiteNoise, above). Django pads each compressed response with
    # random bytes against BREACH, which matters for the admin's forms.
    "django.middleware.gzip.GZipMiddleware",
    # ETag on every page and 304 Not Modified for a conditional GET that still matches.
    "django.middleware.http.ConditionalGetMiddleware",
    # Cross-origin GET for the open-data API only (CORS_URLS_REGEX below).
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records who made each change in the history of every content record.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Exceptions reach the lowest middleware first (Axes has no say in them): a
    # database outage becomes a 503 before anything else sees it.
    "solidarity.middleware.DatabaseUnavailableMiddleware",
    # Last, so it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "solidarity.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "solidarity.context_processors.language_alternates",
            ],
        },
    },
]
# Form widgets come from the same templates as the pages, so that the project can
# write its own (templates/includes/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "solidarity.wsgi.application"

# The embedded SQLite file lets one command run the site; production sets DATABASE_URL
# to PostgreSQL, where connections are kept open between requests.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # PostgreSQL's JIT compiles any query it guesses costly, for 100-200 ms before
    # the first row: longer than a whole export takes without it (performance.md).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()

# A read replica for the public pages, exports, API and feeds (solidarity/db_router.py);
# in tests it mirrors the default database, as Django's test runner allows.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
DATABASE_REPLICA_LAG_SECONDS = env_int(
    "DATABASE_REPLICA_LAG_SECONDS", default=10 if DATABASE_REPLICA_URL else 0
)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(
            DATABASE_REPLICA_URL,
            conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
            conn_health_checks=True,
        ),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["solidarity.db_router.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache: shared by every process of every server when REDIS_URL names a Redis
# server (pages, rate limits, login lockouts); otherwise each process's own memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # An unreachable Redis costs a reader half a second, not a hung worker.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Seconds a public page is kept in the cache under the facts' version. Off by default
# without Redis: one process's memory would not hear of another process's changes.
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 600 if REDIS_URL else 0)
# Seconds a figure computed over whole tables (the home page's totals) is kept under
# the facts' version; off without Redis, for the same reason as the pages.
SUMMARY_CACHE_SECONDS = env_int(
    "DJANGO_SUMMARY_CACHE_SECONDS", 24 * 3600 if REDIS_URL else 0
)
# Seconds browsers and proxies may show a public page without asking again.
PUBLIC_MAX_AGE = env_int("DJANGO_PUBLIC_MAX_AGE", 60)

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
# Grouping every number would also group years, ids and vote counts ("2,019"); the
# quantities a reader compares (population, targets) are grouped explicitly with
# `intcomma` or `floatformat:"g"`, in the reader's language ("515,140", "515.140").
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
# Where `collectstatic` writes and WhiteNoise serves from with debug off.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Leaflet's JS and CSS come from the django-leaflet package, served as our own static
# files under leaflet/. The package is not an installed app: its admin module needs
# GeoDjango's GDAL library, which this project does not use.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    (
        "leaflet",
        Path(find_spec("leaflet").origin).resolve().parent / "static" / "leaflet",
    ),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Behind a TLS-terminating proxy in production; harmless in development.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies believed when they name their client in X-Forwarded-For, so that the limits
# kept per client (login lockout, corrections) count readers, not the proxy
# (accounts/client_ip.py). Empty: REMOTE_ADDR is the client, whatever a header says.
TRUSTED_PROXIES = env_networks("DJANGO_TRUSTED_PROXIES")
# Editors' sessions end after a working day, and when the browser closes.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_AGE_SECONDS", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# django-axes: five failed logins lock that username from that address for the
# cool-off period; the attempts live in the database, so no Redis is needed.
# AxesStandaloneBackend only checks the lockout; ModelBackend logs editors in.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# Failures are counted per client as the corrections form counts them: behind a
# trusted proxy, the client it names, never the proxy itself.
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"

SESSION_COOKIE_SECURE = not DEBUG and env_bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS redirects and HSTS are for the operator to switch on once TLS works end to end;
# a wrong HSTS header locks browsers out for its whole duration.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", default=False)
# A load balancer checks health over plain HTTP, behind the TLS it ends itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=False
)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=False)
# Links to sources leave the site without telling them which page a reader came from.
SECURE_REFERRER_POLICY = "same-origin"

# Who publishes the site, for the imprint and privacy notice; never guessed.
SITE_PUBLISHER_NAME = os.environ.get("SITE_PUBLISHER_NAME", "").strip()
SITE_PUBLISHER_ADDRESS = os.environ.get("SITE_PUBLISHER_ADDRESS", "").strip()
SITE_CONTACT_EMAIL = os.environ.get("SITE_CONTACT_EMAIL", "").strip()

# Mail (workflow notices, invitations, password resets, correction notices) is queued,
# never sent inside a request: solidarity/mail.py writes it as a task, in the same
# transaction as the change, and the worker (`manage.py db_worker`) delivers it through
# MAIL_DELIVERY_BACKEND, trying again while the mail server is away. Development runs
# tasks at once, after the commit, and prints mail to the console; production sends it
# by SMTP unless DJANGO_EMAIL_BACKEND says otherwise.
EMAIL_BACKEND = "solidarity.mail.QueuedEmailBackend"
MAIL_DELIVERY_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = os.environ.get(
    "DJANGO_TASKS_BACKEND", "immediate" if DEBUG else "database"
).strip()
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"DJANGO_TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend]}}
# A timeout, so that a mail server that accepts the connection and then hangs holds the
# worker for a minute at most; the message is tried again later.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", default=60)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

# A failed import rolls back whole: nothing is written if any row is invalid.
IMPORT_EXPORT_USE_TRANSACTIONS = True

# The bundled real dataset that `manage.py load_demo` reads.
DEMO_DATA_DIR = Path(os.environ.get("DEMO_DATA_DIR", BASE_DIR / "data" / "demo"))

# Background tiles of the maps (Leaflet itself is served from our static files). An
# empty MAP_TILES_URL turns tiles off: the maps then show only their markers.
MAP_TILES_URL = os.environ.get(
    "MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
).strip()
MAP_TILES_ATTRIBUTION = os.environ.get(
    "MAP_TILES_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
    "contributors",
).strip()

if DATABASE_REPLICA_URL:
    # After the URL is resolved (process_view), before anything reads the database.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "solidarity.db_router.ReadReplicaMiddleware",
    )

# Content Security Policy (django-csp): scripts, styles, fonts and requests from this
# site only, no inline script or style, no eval, and no page of the site in a frame.
# The map tiles are the one outside source; the admin's few inline bits of third-party
# code are allowed by their hashes, in the admin only (solidarity/csp.py).
_tiles = urlsplit(MAP_TILES_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for the images that Leaflet's and Swagger UI's style sheets embed.
        "img-src": ["'self'", "data:"]
        + ([f"{_tiles.scheme}://{_tiles.netloc}"] if _tiles.netloc else []),
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# One line per record, with the id of the request it belongs to (X-Request-ID: the
# proxy's, if it sent a valid one, else a new one; gunicorn's access log shows it too).
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "django_guid.log_filters.CorrelationId"}},
    "formatters": {
        "line": {"format": "%(levelname)s [%(correlation_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "line",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Not a line per request saying that the client sent no request id.
    "loggers": {"django_guid": {"level": "WARNING"}},
}

# Browser features no page here uses, refused to the site and anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# Open data (issue 5): dated dataset releases, the API, its schema and cross-origin use.
RELEASES_DIR = Path(os.environ.get("RELEASES_DIR", BASE_DIR / "releases"))
# Permanent record addresses in releases are absolute: the site's public origin.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Solidarity Cities Tracker API",
    "DESCRIPTION": "Read-only access to the published dataset: what European cities "
    "promise and deliver for refugees, with sources. Data under CC BY 4.0.",
    "VERSION": "1",
    "LICENSE": {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "commitments.partial_dates.Precision",
        "PledgeStatusEnum": "commitments.models.PledgeStatus",
        "StrategyStatusEnum": "commitments.models.StrategyStatus",
    },
}
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
