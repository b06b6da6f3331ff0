"""Settings for Koersportaal: one file, configured through the environment.

Local defaults are safe for a laptop (SQLite file, localhost only). With
DEBUG off the portal refuses to start unless SECRET_KEY and ALLOWED_HOSTS are
set explicitly.
"""

import hashlib
import hmac
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from koers.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

_DEV_SECRET_KEY = "alleen-voor-lokale-ontwikkeling-niet-in-productie"
SECRET_KEY = env_str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (SECRET_KEY in ("", _DEV_SECRET_KEY) or len(SECRET_KEY) < 40):
    raise ImproperlyConfigured(
        "DEBUG staat uit maar SECRET_KEY ontbreekt of is onveilig. Zet SECRET_KEY op een "
        "willekeurige waarde van minstens 40 tekens, of zet DEBUG=true voor lokaal gebruik."
    )

# Frozen reports are signed in a chain (rapportages/keten.py). Unset, the key is derived
# from SECRET_KEY under a label of its own, so no Django signature (session, reset link)
# is ever made with it. Set it separately in production: then replacing SECRET_KEY (after
# a leak) leaves the reports alone. Earlier keys stay in RAPPORTAGE_SLEUTELS_OUD
# (comma-separated) as long as reports signed with them exist; each report keeps its key's id.
RAPPORTAGE_SLEUTEL = env_str("RAPPORTAGE_SLEUTEL", default="")
if not DEBUG and RAPPORTAGE_SLEUTEL and len(RAPPORTAGE_SLEUTEL) < 40:
    raise ImproperlyConfigured(
        "RAPPORTAGE_SLEUTEL is te kort: gebruik minstens 40 willekeurige tekens, of laat haar "
        "weg om een sleutel van SECRET_KEY af te leiden."
    )
if RAPPORTAGE_SLEUTEL and RAPPORTAGE_SLEUTEL == SECRET_KEY:
    raise ImproperlyConfigured(
        "RAPPORTAGE_SLEUTEL moet niet gelijk aan SECRET_KEY zijn: kies een eigen sleutel, of "
        "laat haar weg om er een van SECRET_KEY af te leiden."
    )
if not RAPPORTAGE_SLEUTEL:
    _LABEL = b"koersportaal/rapportagesleutel/v1"
    RAPPORTAGE_SLEUTEL = hmac.new(SECRET_KEY.encode(), _LABEL, hashlib.sha256).hexdigest()
RAPPORTAGE_SLEUTELS_OUD = env_list("RAPPORTAGE_SLEUTELS_OUD", default=[])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "django_tables2",
    "django_filters",
    "import_export",
    "axes",
    "csp",
    # koers is the project package; as an app it only keeps the migration history of
    # the frozen-report table that moved to rapportages.
    "koers",
    "basis",
    "opgaven",
    "budget",
    "resultaten",
    "rapportages",
    "portaal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "koers.middleware.RolVereistMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "koers.urls"
WSGI_APPLICATION = "koers.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "basis.rechten.rechten",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portaal:start"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# Grouping stays off globally so years read 2026, not 2.026; amounts are
# grouped explicitly by the money filters in basis.opmaak.
USE_THOUSAND_SEPARATOR = False
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("utrecht", BASE_DIR / "node_modules/@utrecht/component-library-css/dist"),
    ("thema", BASE_DIR / "node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist"),
    ("noto-sans", BASE_DIR / "node_modules/@fontsource-variable/noto-sans"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# Page parts and concept reports are cached keyed on the data version, a token in this
# same cache (basis/dataversie.py), so every server must see one cache. The file cache
# is shared by every gunicorn worker on one machine and needs no extra service; several
# machines set REDIS_URL to one shared Redis.
REDIS_URL = env_str("REDIS_URL", default="")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"REDIS_URL={REDIS_URL!r} is geen Redis-adres; gebruik redis://host:6379/0, "
        "rediss://... (met TLS) of unix:///pad/naar/redis.sock."
    )
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 24 * 60 * 60,
            # A Redis that hangs fails the request within seconds instead of holding it.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5},
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("CACHE_DIR", default=str(BASE_DIR / "var" / "cache")),
            "TIMEOUT": 24 * 60 * 60,
            "OPTIONS": {"MAX_ENTRIES": 500},
        }
    )
}

# PDF reports render in a child process per web worker at this CPU priority (0-19, higher
# is lower): pages are served first while a report renders (koers/pdf.py).
PDF_RENDER_NICE = env_int("PDF_RENDER_NICE", default=10)
if not 0 <= PDF_RENDER_NICE <= 19:
    raise ImproperlyConfigured(
        f"PDF_RENDER_NICE={PDF_RENDER_NICE} ligt niet tussen 0 en 19 (hoger is minder voorrang)."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Lists (activiteiten, resultaten) render with the utrecht table classes.
DJANGO_TABLES2_TEMPLATE = "django_tables2/koers.html"

# Security. HTTPS defaults to on whenever DEBUG is off; set HTTPS=false only
# for a local production-like run on plain http://127.0.0.1.
HTTPS = env_bool("HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = False
# Preloading a domain into browsers is a decision for the province's whole
# domain and hard to undo, so the deploy check's reminder about it is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
ACHTER_PROXY = env_bool("ACHTER_PROXY", default=False)
if ACHTER_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A load balancer probes over plain http without X-Forwarded-Proto; a redirect
# would hide whether the portal is up. The answer holds nothing secret.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Sessions end a working day after login and when the browser closes. (Not
# sliding: saving the session on every request would cost a write per page.)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content Security Policy (django-csp): no inline or foreign script anywhere.
# Inline styles stay allowed for the admin's style attributes and the SVG charts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Brute-force protection (django-axes): after 5 failed logins for one
# username from one address, that combination waits 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/geblokkeerd.html"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_VERBOSE = False
# Axes stores the attempted username in a 255-character column; longer input
# must not turn a failed login into a database error.
AXES_USERNAME_CALLABLE = "koers.inloggen.inlognaam_voor_axes"
# Behind the proxy every request comes from the proxy. The client is the right-most
# address in X-Forwarded-For that no trusted proxy wrote; what the client wrote in
# front of it is ignored, so nobody can pick (and lock out) someone else's address.
# An address-only lockout is not added: axes has one failure limit for every
# parameter set, so it would lock out a whole office behind one NAT address.
_aantal_proxys = env_int("AXES_PROXY_COUNT", default=1 if ACHTER_PROXY else 0)
if ACHTER_PROXY and _aantal_proxys < 1:
    raise ImproperlyConfigured(
        f"AXES_PROXY_COUNT={_aantal_proxys}: achter een proxy is dat het aantal proxy's "
        "vóór het portaal, minstens 1."
    )
if not ACHTER_PROXY and _aantal_proxys != 0:
    raise ImproperlyConfigured(
        f"AXES_PROXY_COUNT={_aantal_proxys} werkt alleen met ACHTER_PROXY=true; zonder "
        "proxy telt het adres van de verbinding zelf."
    )
if ACHTER_PROXY:
    # Only the header the proxy sets: REMOTE_ADDR is the proxy's own address.
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)
    # ipware counts the proxies after the client in the header; the nearest proxy
    # is not in it (it is REMOTE_ADDR), hence one less.
    AXES_IPWARE_PROXY_COUNT = _aantal_proxys - 1
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    AXES_IPWARE_PROXY_COUNT = None
AXES_IPWARE_PROXY_ORDER = "left-most"  # client first, as proxies write the header
# Not strict: a header with addresses the client put in front still counts from the
# right, instead of being dropped and leaving no address at all.
IPWARE_STRICT = False

# Uploads (Excel import) stay small; larger requests are refused.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
