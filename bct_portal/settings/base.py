"""Settings shared by every environment; each value the deployment may change comes from the environment."""

from pathlib import Path

from bct_portal import env
from bct_portal.schema import enum_name_overrides

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

SECRET_KEY = env.get_str("SECRET_KEY", "dev-insecure-secret-key-change-me")
DEBUG = env.get_bool("DEBUG", False)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])

# The portal's own apps: programme is the base the others build on (STYLE.md).
PORTAL_APPS = [
    "core", "programme", "meetings", "risks", "benefits", "business_cases", "change_control", "lifecycle", "plan",
    "reporting",
    "finance",
    "engagement",
]

INSTALLED_APPS = [
    "bct_portal.admin.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "guardian",
    "simple_history",
    # Security (SECURITY.md): login throttling and lockout, and TOTP two-factor authentication.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Single sign-on with OpenID Connect (core.accounts.sso): allauth's protocol code, the providers from
    # core.IdentityProvider; allauth's own account pages are not mounted.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    *PORTAL_APPS,
    "bct_portal.apps.PortalConfig",  # the composition root: commands spanning every app (generate_load_data)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.middleware.TenantMiddleware",
    # A partnership that turned local passwords off is entered only through its own identity providers.
    "core.accounts.sso.LocalPasswordMiddleware",
    # After the tenant is known: the TOTP step and enrolment gate, and the audit of refusals and restricted reads.
    "core.accounts.security.TwoFactorMiddleware",
    "core.accounts.audit.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # The Content-Security-Policy and the other response headers (core/accounts/security.py).
    "core.accounts.security.SecurityHeadersMiddleware",
    # Last, as django-axes asks: turns a lockout into the "locked out" page (HTTP 429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bct_portal.urls"
WSGI_APPLICATION = "bct_portal.wsgi.application"

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
                "core.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env.database_config("DATABASE_URL", VAR_DIR / "bct_portal.sqlite3")}
# PostgreSQL row-level security (core.rls): with DATABASE_OWNER_URL set, DATABASE_URL is the application's
# role, which owns nothing (manage.py create_app_role), and the owner runs `migrate --database owner` and apply_rls.
if env.get_url("DATABASE_OWNER_URL", {"postgres", "postgresql"}):
    DATABASES["owner"] = {**env.database_config("DATABASE_OWNER_URL", None), "TEST": {"MIRROR": "default"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
# Asking for a portal permission no rule governs raises (core.rules.check_known) where a mistake should be loud.
PERMISSIONS_STRICT = env.get_bool("PERMISSIONS_STRICT", DEBUG)
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username/address before any password is checked.
    "core.accounts.security.LoginThrottleBackend",
    "core.backends.RaciBackend",
    "core.backends.TenantObjectPermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my-work"  # each person lands on what needs them
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-guardian: object grants live in direct foreign-key tables; no anonymous user row.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages come from the npm registry at set-up (make install), never from the repository.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # First, so it wins: nhsuk/nhsuk-frontend.min.css without its assets.nhs.uk font faces (scripts/nhsuk_offline.mjs,
    # run by npm ci and make install), so no page asks another host for anything.
    ("nhsuk", BASE_DIR / "node_modules" / ".portal" / "nhsuk"),
    ("nhsuk", BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.get_str("MEDIA_ROOT", str(VAR_DIR / "media"))
MEDIA_URL = "/media/"

# Email: console in development; SMTP when EMAIL_HOST is set.
EMAIL_HOST = env.get_str("EMAIL_HOST", "")
EMAIL_PORT = env.get_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "BCT Portal <pmo@bct-portal.invalid>")
# Where the portal is served, for the links in emails (notifications carry paths).
PORTAL_BASE_URL = env.get_str("PORTAL_BASE_URL", "http://127.0.0.1:8000")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# Redis: the Celery broker and the cache when REDIS_URL is set; otherwise tasks run in-process.
REDIS_URL = env.get_url("REDIS_URL", {"redis", "rediss"})
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_TIME_LIMIT = 1800
CELERY_TASK_SOFT_TIME_LIMIT = 1700
CELERY_TIMEZONE = TIME_ZONE
from celery.schedules import crontab  # noqa: E402

# A register download of more rows than this is written by a Celery worker with its progress shown
# (core.export_jobs); smaller ones are written inside the request. The files are kept this many days.
EXPORT_INLINE_ROWS = env.get_int("EXPORT_INLINE_ROWS", 2000)
EXPORT_KEEP_DAYS = env.get_int("EXPORT_KEEP_DAYS", 7)

CELERY_BEAT_SCHEDULE = {
    # One email a day to each person who chose the daily digest of their notifications (core.notifications).
    "notification-daily-digests": {
        "task": "core.tasks.send_daily_digests_everywhere",
        "schedule": crontab(hour=7, minute=0),
    },
    # The review cycle (DOMAIN.md s8, meetings.packs.schedule); each job is idempotent, so a rerun does nothing.
    "meetings-from-cadence": {
        "task": "meetings.packs.tasks.generate_meetings_everywhere",
        "schedule": crontab(hour=5, minute=30),
    },
    # Escalation proposals ahead of each risk-review meeting, and the owners' daily reminders (before the digest).
    "review-cycle": {
        "task": "meetings.packs.tasks.run_review_cycle_everywhere",
        "schedule": crontab(hour=6, minute=0),
    },
    "board-packs-ahead-of-meetings": {
        "task": "meetings.packs.tasks.render_due_packs_everywhere",
        "schedule": crontab(hour=6, minute=30),
    },
    # Packs left queued while the broker was down, or whose renderer's heartbeat stopped, are sent again.
    "board-packs-requeue": {
        "task": "meetings.packs.tasks.requeue_board_packs",
        "schedule": crontab(minute="*"),
    },
    # Register downloads written in the background (core.export_jobs) are deleted after EXPORT_KEEP_DAYS.
    "purge-exports": {
        "task": "core.tasks.purge_exports",
        "schedule": crontab(hour=3, minute=15),
    },
    # Tasks whose sending failed after their request committed (the broker was down): sent again (core.dispatch).
    "pending-tasks": {
        "task": "core.tasks.send_pending_tasks",
        "schedule": crontab(minute="*"),
    },
    # Highlight reports past their due date, announced to the partnership's outgoing webhooks (each posted once).
    "overdue-reports-to-webhooks": {
        "task": "reporting.tasks.announce_overdue_reports_everywhere",
        "schedule": crontab(hour=9, minute=0),
    },
    # Notification emails that failed (the mail server refused one): tried again, a few times.
    "notification-email-retries": {
        "task": "core.tasks.retry_failed_emails",
        "schedule": crontab(minute="*/10"),
    },
}

# Outgoing webhooks (core.webhooks): a failed post is retried WEBHOOK_RETRIES times, waiting
# WEBHOOK_BACKOFF_SECONDS, then twice as long each time (at most ten minutes), then listed for the PMO to send again.
WEBHOOK_RETRIES = env.get_int("WEBHOOK_RETRIES", 5)
WEBHOOK_BACKOFF_SECONDS = env.get_int("WEBHOOK_BACKOFF_SECONDS", 30)
WEBHOOK_TIMEOUT_SECONDS = env.get_int("WEBHOOK_TIMEOUT_SECONDS", 10)

# Board packs (meetings.packs): rendered this many days before each meeting (the tenant's MeetingSettings
# default); queued packs are sent again after BOARD_PACK_REQUEUE_MINUTES; a render's time limit stays below the
# broker's visibility timeout so a slow render is never delivered twice at once. A render beats (heartbeat_at) at
# each step and every PACK_HEARTBEAT_SECONDS while typesetting; one silent for PACK_HEARTBEAT_STALE_SECONDS has
# lost its worker: the schedule sends it again and the PMO may render it again (no waiting for the broker's
# redelivery after the visibility timeout).
BOARD_PACK_DAYS_BEFORE = env.get_int("BOARD_PACK_DAYS_BEFORE", 7)
BOARD_PACK_REQUEUE_MINUTES = env.get_int("BOARD_PACK_REQUEUE_MINUTES", 10)
BOARD_PACK_TIME_LIMIT = 900
BOARD_PACK_SOFT_TIME_LIMIT = 840
PACK_HEARTBEAT_SECONDS = env.get_int("PACK_HEARTBEAT_SECONDS", 20)
PACK_HEARTBEAT_STALE_SECONDS = env.get_int("PACK_HEARTBEAT_STALE_SECONDS", 120)
if not 0 < 3 * PACK_HEARTBEAT_SECONDS <= PACK_HEARTBEAT_STALE_SECONDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("PACK_HEARTBEAT_STALE_SECONDS must be at least three PACK_HEARTBEAT_SECONDS "
                               f"(both above 0); got {PACK_HEARTBEAT_STALE_SECONDS} and {PACK_HEARTBEAT_SECONDS}.")

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The garbage collector's thresholds for a web process (core.apps.tune_garbage_collector); None leaves Python's.
GC_THRESHOLDS = (50_000, 50, 100)

# Every filter select starts with a blank "Any" (core/filters.py).
FILTERS_EMPTY_CHOICE_LABEL = "Any"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.RaciPermission"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PortalPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    # DRF's parsers, with JSON nested too deeply answered as a 400 (core.api.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "COERCE_DECIMAL_TO_STRING": True,
    "DATE_FORMAT": "iso-8601",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "BCT Portal API",
    "DESCRIPTION": "The programme office of a health and social care partnership: governance, risks, "
    "business cases, change control and benefits. Every request acts in one tenant.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": enum_name_overrides(BASE_DIR, PORTAL_APPS),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "INFO")},
    # With tasks run in-process, Celery's per-task lines and kombu's memory broker notes are only noise.
    "loggers": {
        name: {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else env.get_str("LOG_LEVEL", "INFO")}
        for name in ("celery.app.trace", "kombu.connection")
    },
}

# Swagger UI's assets come from the drf-spectacular-sidecar package, not a CDN.
INSTALLED_APPS += ["drf_spectacular_sidecar"]
SPECTACULAR_SETTINGS.update(
    {"SWAGGER_UI_DIST": "SIDECAR", "SWAGGER_UI_FAVICON_HREF": "SIDECAR", "REDOC_DIST": "SIDECAR"}
)

# core.backends.TenantObjectPermissionBackend is guardian's backend, subclassed to honour tenancy.
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]

# --- Security (SECURITY.md; the code is in core/accounts/security.py and core/accounts/audit.py) ----------------
from datetime import timedelta  # noqa: E402

# django-axes: after LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that pair is refused
# (HTTP 429) for LOGIN_COOLOFF_MINUTES. Username *and* address, so that nobody can lock a colleague out from
# elsewhere, nor a whole trust behind one NAT address. Attempts live in axes' tables; the audit trail of logins,
# failures and lockouts is core.AuditEvent.
AXES_FAILURE_LIMIT = env.get_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.get_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "core.accounts.security.client_ip"
# The audit trail names the item a refused or restricted URL is about (core.accounts.audit.model_for_route); these URL
# segments name their model differently.
AUDIT_ROUTE_ALIASES = {
    "cases": "business_cases.businesscase",
    "changes": "change_control.changerequest",
    "inbox": "core.notification",
    "tokens": "core.apitoken",  # beside core.calendarfeedtoken, whose links are revoked without an id
    "eias": "lifecycle.equalityimpactassessment",
    "quality": "lifecycle.qualitycriterion",
    "meetings-actions": "meetings.meetingaction",
    "workstreams": "programme.workstream",
    "projects": "programme.project",
    "plan": "plan.planitem",
    "reports": "reporting.highlightreport",
    "resources": "finance.resourcepledge",
}
AXES_VERBOSE = False
# How many reverse proxies (load balancer, ingress) put their X-Forwarded-For entry in front of the portal:
# the client address used for lockouts and the audit trail is the one they saw. 0 trusts no header.
TRUSTED_PROXY_COUNT = env.get_int("TRUSTED_PROXY_COUNT", 0)

# django-otp: TOTP devices (RFC 6238) for the optional second factor; wrong codes slow down exponentially.
OTP_TOTP_ISSUER = env.get_str("OTP_TOTP_ISSUER", "BCT Portal")
# The roles for which a partnership may require two-factor authentication (core.SecurityPolicy).
TWO_FACTOR_ROLES = ["partnership_board", "joint_sro", "delivery_board", "implementation_group",
                    "programme_director", "pmo"]

# Content-Security-Policy for every response (core.accounts.security.SecurityHeadersMiddleware): no inline script or
# style anywhere in the portal's own pages, and nothing loaded from another host: static/css/portal.css replaces the
# NHS.UK stylesheet's web fonts (assets.nhs.uk, often blocked on NHS networks) with local faces.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
# Narrow exceptions by path prefix, each replacing only the directives named: Swagger UI (drf-spectacular's split
# view keeps its script external, but the UI sets inline styles) and the Django admin's inline style attributes.
CONTENT_SECURITY_POLICY_EXCEPTIONS = {
    "/api/docs/": {"style-src": ["'self'", "'unsafe-inline'"]},
    "/admin/": {"style-src": ["'self'", "'unsafe-inline'"]},
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Single sign-on (core.accounts.sso, README "Connecting to your organisation"). The providers are core.IdentityProvider
# rows kept in the admin, each partnership's own, off by default; django-allauth runs the OpenID Connect flow.
SOCIALACCOUNT_ADAPTER = "core.accounts.sso.PortalSocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = env.get_int("SSO_TIMEOUT_SECONDS", 10)
ACCOUNT_EMAIL_VERIFICATION = "none"
# The provider's `amr` values that count as a second factor: the portal then asks for no TOTP code.
SSO_MFA_AMR_VALUES = env.get_list("SSO_MFA_AMR_VALUES", ["mfa"])
