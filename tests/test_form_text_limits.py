"""Issue 14: every text box of every browser form has a maximum length, which the page says (``maxlength``) and the
form enforces, so nobody can post a megabyte into a note. The test walks every form class the portal defines (its
forms modules, and forms built in views and elsewhere), so a new field without a limit fails it."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.conf import settings

from business_cases.models import BusinessCase
from core.models import RaciEntry
from core.tenancy import tenant_context
from meetings.models import Meeting
from plan.models import PlanItem
from programme.models import Body, Workstream
from risks.mapping import Source

SKIPPED_PACKAGES = ("migrations", "management")


def import_every_module():
    for app in settings.PORTAL_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if not any(f".{name}" in module.name for name in SKIPPED_PACKAGES):
                importlib.import_module(module.name)


def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)


def portal_form_classes():
    import_every_module()
    found = {cls for cls in subclasses(forms.BaseForm) if cls.__module__.split(".")[0] in settings.PORTAL_APPS
             # an abstract ModelForm (core.forms.TenantModelForm, a register's base form) builds no form itself
             and not (issubclass(cls, forms.BaseModelForm) and cls._meta.model is None)}
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


# How to build the keyword arguments forms require (a new one fails the test until it is taught here).
BUILDERS = {
    "tenant": lambda tenant, user: tenant,
    "user": lambda tenant, user: user,
    "meeting": lambda tenant, user: Meeting.objects.order_by("pk").first(),
    "entries": lambda tenant, user: list(RaciEntry.objects.all()),
    "workstreams": lambda tenant, user: Workstream.objects.all(),
    "items": lambda tenant, user: [],
    "body": lambda tenant, user: Body.objects.order_by("pk").first(),
    "board": lambda tenant, user: Body.objects.order_by("pk").first(),
    "meetings": lambda tenant, user: list(Meeting.objects.order_by("pk")[:3]),
    "successor": lambda tenant, user: PlanItem.objects.order_by("pk").first(),
    "item": lambda tenant, user: PlanItem.objects.order_by("pk").first(),
    "case": lambda tenant, user: BusinessCase.objects.order_by("pk").first(),
    "source": lambda tenant, user: Source(headers=["Ref", "Risk"], rows=[[2, ["1", "A risk"]]]),
}


def required_keywords(cls):
    names = set()
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        for parameter in inspect.signature(init).parameters.values():
            if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
                names.add(parameter.name)
    return names


def build(cls, tenant, user):
    return cls(**{name: BUILDERS[name](tenant, user) for name in required_keywords(cls)})


FORMS = portal_form_classes()


def test_the_walk_finds_the_forms_of_every_app():
    assert {cls.__module__.split(".")[0] for cls in FORMS} == set(settings.PORTAL_APPS)
    assert len(FORMS) > 40


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_every_text_field_has_a_maximum_length_the_page_shows(form_class, llr, persona):
    user = persona("pmo.llr")
    with tenant_context(llr):
        form = build(form_class, llr, user)
        unlimited, unshown = [], []
        for name, field in form.fields.items():
            if not isinstance(field, forms.CharField):
                continue
            if field.max_length is None:
                unlimited.append(name)
            elif not field.widget.is_hidden and f'maxlength="{field.max_length}"' not in str(form[name]):
                unshown.append(name)
            elif not any(getattr(v, "limit_value", None) == field.max_length for v in field.validators):
                unshown.append(f"{name} (not enforced)")
    assert unlimited == [], f"{form_class.__qualname__}: text fields without max_length"
    assert unshown == [], f"{form_class.__qualname__}: max_length not in the page or not enforced"


def test_a_model_forms_limit_is_never_more_than_its_columns(llr, persona):
    """Where a form's text lands in a model CharField, the form takes no more than the column holds."""
    user = persona("pmo.llr")
    too_long = []
    with tenant_context(llr):
        for form_class in FORMS:
            model = getattr(getattr(form_class, "_meta", None), "model", None)
            if model is None:
                continue
            form = build(form_class, llr, user)
            for name, field in form.fields.items():
                try:
                    column = model._meta.get_field(name)
                except Exception:  # noqa: BLE001 - a form field that is no model field
                    continue
                limit = getattr(column, "max_length", None)
                if isinstance(field, forms.CharField) and limit and field.max_length > limit:
                    too_long.append(f"{form_class.__qualname__}.{name}")
    assert too_long == []
