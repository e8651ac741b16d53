"""Browser forms of the programme. ModelForms run the model's ``clean()``, so they refuse exactly what the API does.

Related choices come from the scoped default managers (the active partnership only);
people are offered only if they are members of the partnership the request acts in.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, transaction

from core import integrity
from core.models import User

# The longest free text a box takes when its model field names no limit (a TextField with max_length keeps its own):
# the page says so (maxlength) and a longer text is a form error on the field; the API's serializers do the same.
TEXT_MAX_LENGTH = 5000


def limit_text(fields, limit=TEXT_MAX_LENGTH):
    """Give every multi-line text field of a form that has no length limit ``limit`` characters."""
    for field in fields.values():
        if isinstance(field, forms.CharField) and field.max_length is None and isinstance(field.widget,
                                                                                          forms.Textarea):
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            field.widget.attrs.setdefault("maxlength", str(limit))


def save_form(form, save=None):
    """Save a valid form (or run ``save``, e.g. the service call it feeds) in a savepoint, and return the result.

    When the database refuses the row all the same (two people saving at once, a constraint Django cannot check
    first), nothing is kept and None is returned, with the refusal in plain English on the form (``core.integrity``):
    on the field the constraint concerns where the form shows it, else above the fields. The page then shows the form
    again with its error summary, as for any invalid input, instead of a server error naming the constraint.
    """
    try:
        with transaction.atomic():
            return (save or form.save)()
    except IntegrityError as exc:
        model = getattr(getattr(form, "_meta", None), "model", None)
        conflict = integrity.explain(exc, model)
        shown = [name for name in form.fields if name in conflict.fields]  # the last one shown, as for validation
        form.add_error(shown[-1] if shown else None, conflict.message)
        return None


def errors_onto(form, exc):
    """Put a service's ``ValidationError`` on ``form``: each message on the field it names where the form shows that
    field, else above the fields (as do messages not tied to a field)."""
    if hasattr(exc, "error_dict"):
        for field, problems in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, exc.messages)


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        full_name = user.get_full_name()
        return f"{full_name} ({user.username})" if full_name else user.username


class TenantModelForm(forms.ModelForm):
    """A ModelForm acting in ``tenant``: user fields list only its members; radios drop the blank choice."""

    member_fields = ()

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        limit_text(self.fields)
        members = User.objects.filter(memberships__tenant=tenant, is_active=True).order_by(
            "first_name", "last_name", "username"
        )
        for name in self.member_fields:
            field = self.fields[name]
            field.queryset = members
            field.empty_label = "Nobody yet"
        for field in self.fields.values():
            # A set of radios needs no "---------" option (CheckboxSelectMultiple subclasses RadioSelect).
            is_radios = type(field.widget) is forms.RadioSelect
            if is_radios and isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                field.choices = [(value, label) for value, label in field.choices if value != ""]

    def validate_unique(self):
        super().validate_unique()
        # Django skips every constraint naming a field the form does not show, and the partnership never
        # is one ("name unique per partnership"); check them against the row as it would be saved instead
        # of failing on save. Only fields whose input was refused are left out.
        exclude = {name for name in self._errors if name != NON_FIELD_ERRORS}
        try:
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._update_errors(self._explain_unique(error))

    def _explain_unique(self, error):
        """Put "already exists" on the field concerned, in words that do not mention the partnership's id."""
        explained = {}
        for field, errors in error.error_dict.items():
            for item in errors:
                if item.code == "unique_together":
                    names = [name for name in item.params["unique_check"] if name != "tenant"]
                    target = names[-1] if names and names[-1] in self.fields else NON_FIELD_ERRORS
                    labels = " and ".join(str(self.fields[n].label).lower() for n in names if n in self.fields)
                    scope = [n for n in names if n not in self.fields]
                    model = self._meta.model._meta
                    where = f"this {model.get_field(scope[-1]).verbose_name}" if scope else "this partnership"
                    item = ValidationError(
                        f"A {model.verbose_name} with this {labels} already exists in {where}.",
                        code="unique",
                    )
                    explained.setdefault(target, []).append(item)
                elif item.message % (item.params or {}) in self._errors.get(field, []):
                    continue  # already found by Django's own pass over the constraints
                else:
                    explained.setdefault(self._constraint_field(item) if field == NON_FIELD_ERRORS else field,
                                         []).append(item)
        return ValidationError(explained)

    def _constraint_field(self, error):
        """The shown field a named constraint's plain-English message belongs on (the last one it names), so the
        error summary links to it; a message found there already by Django's own pass moves with it."""
        message = str(error.message)
        for constraint in self._meta.model._meta.constraints:
            if str(constraint.get_violation_error_message()) != message:
                continue
            names = integrity.constraint_fields(constraint)
            shown = [name for name in self.fields if name in names]
            if not shown:
                break
            found = self._errors.get(NON_FIELD_ERRORS)
            if found:
                found.data = [item for item in found.data
                              if str(item.message if isinstance(item, ValidationError) else item) != message]
                if not found.data:
                    del self._errors[NON_FIELD_ERRORS]
            return shown[-1]
        return NON_FIELD_ERRORS


class DateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


