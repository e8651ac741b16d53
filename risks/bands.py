"""A partnership's risk bands (PID s4.4: risk reporting "compatible with the reporting" of the partners).

- ``bands_for(tenant)``: the ``risks.scoring.Bands`` the partnership uses (App. 7's four colours until changed).
- ``check(values)``: the bands from the settings' fields as typed, refused with an ``Invalid`` on the field at fault
  (a colour given half a range, a range outside 1–25, two colours overlapping, a score left uncovered, H < M).
- ``change_bands``: in one transaction, save the settings with the reason and recompute every stored RAG of the
  partnership's risks, with a history row (the same reason) for each risk whose colour changed. Changing H/M/L
  changes no stored rating (they are numbers already), only how H/M/L input is read from then on.
- ``preview``: how many risks a set of bands would change colour, without saving.
"""

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from core import rules, settings_pages
from core.exceptions import Invalid
from core.tenancy import get_current_tenant
from risks.choices import Rag
from risks.models import Risk, RiskSettings
from risks.models.settings import BAND_FIELDS, HML_FIELDS
from risks.scoring import DEFAULT_BANDS, Bands, RatingError

PERMISSION = "risks.change_risksettings"
VERB = "change the risk bands"
FIELDS = BAND_FIELDS + HML_FIELDS
RAG_FIELDS = ("inherent_rag", "residual_rag", "target_rag")
BATCH = 500


def bands_for(tenant):
    """The partnership's bands (``tenant`` a Tenant or its id): one indexed read, App. 7's without settings."""
    tenant_id = getattr(tenant, "pk", tenant)
    if tenant_id is None:
        return DEFAULT_BANDS
    settings = RiskSettings.all_tenants.filter(tenant_id=tenant_id).only("tenant_id", *FIELDS).first()
    return settings.bands if settings is not None else DEFAULT_BANDS


def current(tenant=None):
    """The partnership's settings row, unsaved with the defaults until first changed (``core.settings_pages``)."""
    tenant = tenant or get_current_tenant()
    return RiskSettings.all_tenants.filter(tenant=tenant).first() or RiskSettings(tenant=tenant)


def values_of(bands):
    """The settings' field values of ``bands``: a colour left out has neither end."""
    values = {name: None for name in BAND_FIELDS}
    for rag, low, high in bands.bands:
        values[f"{Rag(rag).value}_low"], values[f"{Rag(rag).value}_high"] = low, high
    values.update({f"{word.lower()}_rating": value for word, value in bands.hml})
    return values


def _field_at_fault(message):
    """The field a ``Bands.checked`` refusal concerns: the colour it starts with, or the H/M/L word."""
    for rag in Rag:
        if message.startswith(rag.label):
            return f"{rag.value}_low"
    for word in ("H", "M", "L"):
        if message.startswith(f"{word} must"):
            return f"{word.lower()}_rating"
    return "__all__"


def parts_of(values):
    """``(bands, hml)`` as ``change_bands`` takes them, from the settings' fields; a colour with one end of its
    range given and not the other is refused."""
    bands = []
    for rag in Rag:
        low, high = values.get(f"{rag.value}_low"), values.get(f"{rag.value}_high")
        if low is None and high is None:
            continue
        if low is None or high is None:
            missing = f"{rag.value}_low" if low is None else f"{rag.value}_high"
            raise Invalid({missing: [f"{rag.label}: give both the lowest and the highest score, or neither to "
                                     "leave the colour out."]})
        bands.append((rag.value, low, high))
    return bands, {word: values.get(f"{word.lower()}_rating") for word in ("H", "M", "L")}


def check(bands, hml):
    """``Bands.checked``, its refusal an ``Invalid`` on the field at fault (nothing is saved)."""
    try:
        return Bands.checked(bands, hml)
    except RatingError as exc:
        raise Invalid({_field_at_fault(str(exc)): [str(exc)]}) from exc


def _recoloured(tenant, bands):
    """The partnership's risks whose stored colours differ in ``bands``, set to them (unsaved)."""
    risks = Risk.all_tenants.filter(tenant_id=getattr(tenant, "pk", tenant)).order_by("pk")
    return [risk for risk in risks.iterator(chunk_size=2000) if risk.sync_scores(bands)]


def preview(tenant, bands, hml):
    """How many of the partnership's risks would change colour in these bands (refused as ``change_bands``)."""
    return len(_recoloured(tenant, check(bands, hml)))


def change_bands(tenant, user, bands, hml, reason):
    """Set the partnership's bands (``[(rag, low, high), ...]``) and H/M/L mapping (``{"H": 4, ...}``) for
    ``reason``; returns how many risks changed colour. Refused (``PermissionRefused``) or bad input (``Invalid``
    naming the field) changes nothing; so does a failure while recomputing (one transaction)."""
    rules.require(user, PERMISSION, current(tenant), verb=VERB)
    checked = check(bands, hml)
    with transaction.atomic():
        settings_pages.change(current(tenant), user, PERMISSION, VERB, reason, values_of(checked))
        changed = _recoloured(tenant, checked)
        if changed:
            bulk_update_with_history(changed, Risk, list(RAG_FIELDS), batch_size=BATCH, default_user=user,
                                     default_change_reason=reason.strip(), manager=Risk.all_tenants)
    return len(changed)
