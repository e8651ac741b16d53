"""Account security pages (core.accounts.views), mounted under /accounts/ and /audit/ by bct_portal.urls."""

from django.urls import path, re_path

from core import feed_settings, navigation
from core.accounts import calendar
from core.accounts import views as account_views

account_patterns = [
    path("two-factor/", account_views.TwoFactorView.as_view(), name="two-factor"),
    path("two-factor/verify/", account_views.TwoFactorVerifyView.as_view(), name="two-factor-verify"),
    path("tokens/", account_views.ApiTokensView.as_view(), name="api-tokens"),
    path("tokens/<int:pk>/revoke/", account_views.RevokeTokenView.as_view(), name="api-token-revoke"),
    path("calendar/", calendar.CalendarFeedsView.as_view(), name="calendar-feeds"),
]

# The calendar feeds, mounted under /calendar/: read with the URL's secret, without a session.
calendar_patterns = [
    re_path(rf"^(?P<key>{calendar.KEY_PATTERN})\.ics$", calendar.feed, name="calendar-feed"),
    re_path(rf"^(?P<key>{calendar.KEY_PATTERN})/body/(?P<body_id>{calendar.BODY_ID_PATTERN})\.ics$", calendar.feed,
            name="calendar-body-feed"),
]

audit_patterns = [
    path("", account_views.AuditView.as_view(), name="audit"),
    path("policy/", account_views.PolicyView.as_view(), name="audit-policy"),
    # The reporting exchange for Power BI and Excel (core.feeds): off until the PMO turns it on.
    path("reporting-exchange/", feed_settings.settings_form, name="feeds-settings"),
]

# One entry in the main navigation: the account page links on to API tokens and, for the PMO, the audit trail.
navigation.register("Your account", "two-factor", order=900, section="accounts")
