"""The PMO's page for the outgoing webhooks (``core.webhooks``), mounted under /webhooks/ by bct_portal.urls: the
partnership's endpoints, adding and changing one, and the dead-letter list with "Send again"."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views import View

from core import webhooks
from core.exceptions import WrongState
from core.forms import save_form
from core.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from core.views import refuse

MANAGE_PERM = "core.change_webhookendpoint"
RECENT = 20  # deliveries listed below the dead letters


class EndpointForm(forms.ModelForm):
    class Meta:
        model = WebhookEndpoint
        fields = ["name", "kind", "url", "secret", "active", "on_pack_published", "on_decision_recorded",
                  "on_risk_escalated", "on_report_overdue"]
        widgets = {"kind": forms.RadioSelect, "url": forms.URLInput(attrs={"spellcheck": "false"}),
                   "secret": forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [choice for choice in self.fields["kind"].choices if choice[0]]
        self.fields["secret"].help_text = ("Used by generic JSON webhooks only: the receiver checks each post's "
                                           "X-BCT-Signature with it. Leave empty to have one made.")


def _allowed(request):
    return request.user.has_perm(MANAGE_PERM)


class WebhooksView(LoginRequiredMixin, View):
    def get(self, request):
        if not _allowed(request):
            return refuse(request, MANAGE_PERM)
        endpoints = list(WebhookEndpoint.objects.all())
        dead = list(webhooks.dead_letters()[:100])
        recent = list(WebhookDelivery.objects.exclude(status=DeliveryStatus.DEAD).select_related("endpoint")[:RECENT])
        return render(request, "core/webhooks.html", {
            "endpoints": endpoints, "dead": dead, "recent": recent, "events": WebhookEvent.choices,
        })


class EndpointView(LoginRequiredMixin, View):
    model = WebhookEndpoint  # the object of the route's <pk> (core.accounts.audit.model_for_route)

    def dispatch(self, request, *args, pk=None, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not _allowed(request):
            return refuse(request, MANAGE_PERM)
        self.endpoint = get_object_or_404(WebhookEndpoint.objects, pk=pk) if pk else None
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, **kwargs):
        return self.show(request, EndpointForm(instance=self.endpoint))

    def post(self, request, **kwargs):
        form = EndpointForm(request.POST, instance=self.endpoint)
        if form.is_valid():
            endpoint = form.save(commit=False)
            endpoint._history_user = request.user
            save_form(form, endpoint.save)
            if not form.errors:
                messages.success(request, f"The webhook {endpoint.name} was saved"
                                          f"{'' if endpoint.active else '; it is off until you turn it on'}.")
                return redirect("webhooks")
        return self.show(request, form, status=400)

    def show(self, request, form, status=200):
        return render(request, "core/webhook_form.html", {"form": form, "endpoint": self.endpoint,
                                                          "first_field": "id_name"}, status=status)


class ResendView(LoginRequiredMixin, View):
    model = WebhookDelivery

    def post(self, request, pk):
        if not _allowed(request):
            return refuse(request, MANAGE_PERM)
        delivery = get_object_or_404(WebhookDelivery.objects, pk=pk)
        try:
            webhooks.resend(delivery)
        except WrongState as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Sent again to {delivery.endpoint.name}; the list below shows how it went.")
        return redirect("webhooks")


patterns = [
    path("", WebhooksView.as_view(), name="webhooks"),
    path("add/", EndpointView.as_view(), name="webhook-add"),
    path("<int:pk>/", EndpointView.as_view(), name="webhook-change"),
    path("deliveries/<int:pk>/send-again/", ResendView.as_view(), name="webhook-resend"),
]
