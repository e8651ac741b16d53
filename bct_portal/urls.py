from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import export_views, webhook_views
from core import views as core_views
from core.accounts import sso_views
from core.accounts import urls as account_urls
from programme import views as programme_views
from reporting import urls as reporting_urls

api_v1 = [
    path("", include("core.api.urls")),
    path("", include("programme.api.urls")),
    path("", include("meetings.api.urls")),
    path("", include("lifecycle.api.urls")),
    path("", include("risks.api.urls")),
    path("", include("business_cases.api.urls")),
    path("", include("change_control.api.urls")),
    path("", include("benefits.api.urls")),
    path("", include("plan.api.urls")),
    path("", include("reporting.api.urls")),
    path("", include("finance.api.urls")),
    path("", include("engagement.api.urls")),
]

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="my-work", permanent=False)),
    # "My work": what needs the signed-in person across every register (core.registry.register_work); the home page.
    path("my-work/", programme_views.MyWorkView.as_view(), name="my-work"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/login/", sso_views.PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", sso_views.PortalLogoutView.as_view(), name="logout"),
    # Single sign-on (core.accounts.sso): allauth's OpenID Connect views under their allauth names, guarded.
    path("accounts/oidc/<slug:provider_id>/login/", sso_views.oidc_login, name="openid_connect_login"),
    path("accounts/oidc/<slug:provider_id>/login/callback/", sso_views.oidc_callback, name="openid_connect_callback"),
    path("accounts/partnership/", core_views.TenantSwitchView.as_view(), name="tenant-switch"),
    # Security: two-factor authentication, the user's API tokens, the PMO's audit trail (SECURITY.md).
    path("accounts/", include(account_urls.account_patterns)),
    path("audit/", include(account_urls.audit_patterns)),
    # The PMO's outgoing webhooks (Teams, Slack, generic JSON) and their dead-letter list (core.webhooks).
    path("webhooks/", include(webhook_views.patterns)),
    # Calendar feeds (.ics) for Outlook and Teams: the secret URL is the credential (README "Calendar feeds").
    path("calendar/", include(account_urls.calendar_patterns)),
    path("programme/inbox/", include("core.urls")),
    # Large register downloads written in the background (core.export_jobs): progress, then the file.
    path("downloads/", export_views.job_list, name="export-jobs"),
    path("downloads/<uuid:token>/", export_views.job_page, name="export-job"),
    path("downloads/<uuid:token>/status/", export_views.job_status, name="export-job-status"),
    path("downloads/<uuid:token>/file/", export_views.job_download, name="export-job-download"),
    path("programme/dashboard/", include(reporting_urls.dashboard_patterns)),
    path("programme/", include("programme.urls")),
    path("risks/", include("risks.urls")),
    path("cases/", include("business_cases.urls")),
    path("changes/", include("change_control.urls")),
    path("benefits/", include("benefits.urls")),
    path("meetings/", include("meetings.urls")),
    path("lifecycle/", include("lifecycle.urls")),
    path("plan/", include("plan.urls")),
    path("reports/", include("reporting.urls")),
    path("finance/", include("finance.urls")),
    path("engagement/", include("engagement.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script from a URL: no inline script (Content-Security-Policy).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    # The NHS.UK frontend stylesheet refers to its icons at /assets/; they are served from static files.
    re_path(r"^assets/(?P<path>.+)$", lambda request, path: RedirectView.as_view(
        url=static(f"nhsuk/assets/{path}"), permanent=True)(request)),
]

# Errors Django answers itself (an unexpected exception, an oversized body, an unknown path) are JSON under /api/.
handler400 = "core.api.errors.bad_request"
handler403 = "core.api.errors.permission_denied"
handler404 = "core.api.errors.page_not_found"
handler500 = "core.api.errors.server_error"
