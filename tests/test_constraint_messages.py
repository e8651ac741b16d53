"""Issue 14: no database constraint's name ever reaches a user. Every named constraint of every portal model says
what is wrong in plain English (Django's model validation shows ``violation_error_message``), and a form puts it on
the field it concerns."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError

from business_cases.choices import DocumentType, Tier
from business_cases.models import BusinessCase
from core.tenancy import tenant_context


def portal_constraints():
    for app in settings.PORTAL_APPS:
        for model in apps.get_app_config(app).get_models():
            for constraint in model._meta.constraints:
                yield model, constraint


def test_there_are_constraints_to_walk():
    assert len(list(portal_constraints())) > 80


@pytest.mark.parametrize(("model", "constraint"), list(portal_constraints()),
                         ids=lambda value: getattr(value, "name", getattr(value, "__name__", "")))
def test_every_named_constraint_has_a_plain_english_message(model, constraint):
    message = str(constraint.get_violation_error_message())
    assert constraint.violation_error_message not in (None, constraint.default_violation_error_message), (
        f"{model.__name__}: constraint {constraint.name} has no violation_error_message")
    assert constraint.name not in message
    assert "constraint" not in message.lower()
    assert message[0].isupper() and message.endswith("."), message


def test_a_case_whose_document_does_not_fit_its_tier_is_refused_in_words(llr):
    with tenant_context(llr):
        case = BusinessCase.objects.filter(document_type=DocumentType.RFF).first()
        case.tier = Tier.OBC_FBC
        with pytest.raises(ValidationError) as refused:
            case.validate_constraints()
    text = " ".join(refused.value.messages)
    assert "The document type does not fit the tier" in text
    assert "business_case_document_fits_tier" not in text
    assert "Constraint" not in text
