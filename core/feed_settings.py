"""The page where the PMO turns the reporting exchange (``core.feeds``) on or off for its partnership, each change
with its reason, the history below the form (``core.settings_pages``) and an entry in the security audit trail."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_http_methods

from core import rules, settings_pages
from core.accounts import audit
from core.models import AuditKind, FeedSettings
from core.tenancy import get_current_tenant

CHANGE_FEEDS = "core.change_feedsettings"
rules.register(CHANGE_FEEDS, "manage_information", letters="RA")
FIELDS = ("enabled",)
VERB = "turn the reporting exchange on or off"


class FeedSettingsForm(settings_pages.ReasonForm):
    model, model_fields = FeedSettings, FIELDS


def current():
    return FeedSettings.for_tenant(get_current_tenant())


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def settings_form(request):
    response = settings_pages.page(
        request, current(), CHANGE_FEEDS, VERB, FeedSettingsForm, "audit/feed_settings.html",
        "The reporting exchange settings were saved.", "feeds-settings", FIELDS, heading="Reporting exchange",
        button="Save the setting", cancel="audit")
    if request.method == "POST" and response.status_code == 302:
        saved = current()
        audit.record(AuditKind.POLICY_CHANGED, request, obj=saved,
                     detail=f"reporting exchange: {'on' if saved.enabled else 'off'}")
    return response
