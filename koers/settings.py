"""Settings for Koersportaal: one file, configured through the environment.

Local defaults are safe for a laptop (SQLite file, localhost only). With
DEBUG off the portal refuses to start unless SECRET_KEY and ALLOWED_HOSTS are
set explicitly.
"""

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
    "koers",
    "opgaven",
    "budget",
    "resultaten",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "opgaven:lijst"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# Grouping stays off globally so years read 2026, not 2.026; amounts are
# grouped explicitly by the money filters in koers.formatting.
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Lists (activiteiten, resultaten) render with the utrecht table classes.
DJANGO_TABLES2_TEMPLATE = "django_tables2/koers.html"
