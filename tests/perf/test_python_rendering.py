"""Form fields drawn in Python (issue 20) give the HTML the templates gave, byte for byte.

``{% form_field %}`` (core.templatetags.portal) replaced ``includes/form_field.html``, and ``nhs_control`` draws the
plain widgets through ``core.widgets.PythonRenderer`` instead of Django's widget templates. The templates they replaced
are kept beside this file (``reference/``) and rendered here with Django's own widget rendering, field by field, for
every kind of field the layout knows (control, select, textarea, checkbox, checkboxes with a filter box and small,
radios, file), bound and unbound, valid and with errors, with help text, and with ``<&">`` in every text."""

from pathlib import Path

import pytest
from django import forms
from django.template import Context, Engine
from django.utils.html import conditional_escape

from core import widgets
from core.templatetags import portal
from programme.models import Project
from risks.filtersets import RiskFilterSet
from risks.models import Risk

REFERENCE = Path(__file__).parent / "reference"
NASTY = '<&"> \'x\''


def _engine():
    return Engine(
        loaders=[("django.template.loaders.locmem.Loader", {
            "includes/form_field.html": (REFERENCE / "form_field.html").read_text(),
            "includes/filters.html": (REFERENCE / "filters.html").read_text(),
        })],
        libraries={"portal": "core.templatetags.portal"},
    )


@pytest.fixture
def djangos(monkeypatch):
    """Render with the reference templates and Django's widget templates (``as_widget``), as before issue 20."""
    monkeypatch.setattr(portal, "render_bound", lambda bound_field, attrs: bound_field.as_widget(attrs=attrs))
    engine = _engine()

    def render(name, **context):
        return engine.get_template(name).render(Context(context))

    return render


CHOICES = [("a", "Alpha"), ("b", NASTY), (NASTY, "Gamma"), (3, 3), (1500, "fifteen hundred")]
GROUPED = [("Group <one>", [("x", "Ex"), ("y", "Why")]), ("z", "Zed")]


class EveryKind(forms.Form):
    text = forms.CharField(label=f"Text {NASTY}", help_text=f"Help {NASTY}", max_length=5)
    optional_text = forms.CharField(required=False, widget=forms.TextInput(attrs={"class": "extra", "data-x": NASTY}))
    email = forms.EmailField(required=False)
    number = forms.IntegerField(required=False, min_value=0, localize=True)
    count = forms.IntegerField(required=False, max_value=10)
    decimal = forms.DecimalField(required=False, widget=widgets.NumberInput(attrs={"step": "0.01"}))
    password = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    day = forms.DateField(required=False)
    our_day = forms.DateField(required=False, widget=widgets.DateInput(attrs={"type": "date"}))
    when = forms.DateTimeField(required=False)
    search = forms.CharField(required=False, widget=forms.SearchInput)
    phone = forms.CharField(required=False, widget=forms.TelInput)
    colour = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "color"}))
    address = forms.URLField(required=False, disabled=True, initial="https://example.org/?a=1&b=<2>",
                             assume_scheme="https")
    choice = forms.ChoiceField(choices=[("", "Any"), *CHOICES], required=False, help_text="Pick one")
    grouped = forms.ChoiceField(choices=GROUPED)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    yes_no = forms.NullBooleanField(required=False)
    options_select = forms.ChoiceField(choices=CHOICES, required=False, widget=widgets.OptionsSelect)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=NASTY)
    agree = forms.BooleanField(label=f"I agree {NASTY}", help_text="Tick it")
    optional_agree = forms.BooleanField(required=False)
    boxes = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple(
        attrs={"filter": f"Find {NASTY}", "small": True}), help_text="Any of them")
    small_boxes = forms.MultipleChoiceField(choices=CHOICES, required=False,
                                            widget=forms.CheckboxSelectMultiple(attrs={"small": True}))
    no_boxes = forms.MultipleChoiceField(choices=[], required=False, widget=forms.CheckboxSelectMultiple)
    radios = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, help_text="One of them")
    optional_radios = forms.ChoiceField(choices=CHOICES, required=False, widget=forms.RadioSelect)
    upload = forms.FileField(required=False, help_text="A file", widget=forms.FileInput)
    clearable = forms.FileField(required=False, widget=forms.ClearableFileInput)
    split = forms.SplitDateTimeField(required=False)
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    own_id = forms.CharField(required=False, widget=forms.TextInput(attrs={"id": "chosen-id"}))

    def clean(self):
        if self.data.get("text") == "fail":
            self.add_error("text", "A second error on the same field.")
            self.add_error("choice", f"Wrong {NASTY}")
        return super().clean()


VALID = {"text": "ok", "choice": "b", "grouped": "y", "many": ["a", "3"], "yes_no": "true", "notes": f"Line\n{NASTY}",
         "agree": "on", "boxes": ["a", NASTY], "radios": "3", "optional_radios": "", "number": "1500", "count": "7",
         "decimal": "1.50", "day": "2026-12-05", "our_day": "2026-12-05", "optional_text": NASTY,
         "split_0": "2026-12-05", "split_1": "10:00", "hidden": NASTY, "password": "secret<"}
INVALID = {"text": "fail", "email": "not an email", "number": "-1", "day": "not a day", "choice": "nope",
           "grouped": "", "many": ["nope"], "boxes": ["nope"], "radios": "nope", "notes": "", "decimal": "x",
           "count": "11", "when": "never", "split_0": "x"}
FORMS = {
    "unbound": lambda: EveryKind(),
    "unbound with initial values": lambda: EveryKind(initial={"text": NASTY, "choice": NASTY, "boxes": ["b"],
                                                              "radios": 1500, "agree": True, "notes": NASTY}),
    "valid": lambda: EveryKind(VALID),
    "invalid": lambda: EveryKind(INVALID),
    "invalid, prefixed, own ids": lambda: EveryKind(
        {f"p-{name}": value for name, value in INVALID.items()}, prefix="p", auto_id="field-%s"),
    "without ids": lambda: EveryKind(INVALID, auto_id=False),
}


def _kinds(form):
    return {portal.field_kind(bound_field) for bound_field in form}


def test_the_form_covers_every_kind_the_layout_knows():
    assert _kinds(EveryKind()) == {"control", "checkbox", "checkboxes", "radios", "file"}


@pytest.mark.parametrize("case", FORMS)
def test_every_field_is_the_templates_byte_for_byte(case, djangos, subtests):
    form = FORMS[case]()
    form.is_valid()
    for bound_field in form:
        with subtests.test(field=bound_field.name):
            ours = portal.form_field(bound_field)
            assert ours == djangos("includes/form_field.html", field=bound_field)


@pytest.mark.parametrize("case", FORMS)
def test_every_control_is_djangos_widget_byte_for_byte(case, subtests):
    form = FORMS[case]()
    form.is_valid()
    for bound_field in form:
        for attrs in ({}, {"class": f"nhsuk-input {NASTY}", "aria-describedby": "a-hint a-error", "id": "own"}):
            with subtests.test(field=bound_field.name, attrs=attrs):
                assert widgets.render_bound(bound_field, dict(attrs)) == bound_field.as_widget(attrs=dict(attrs))


def test_the_python_renderer_draws_the_plain_widgets_and_leaves_the_rest(monkeypatch):
    drawn, left = set(), set()
    original = widgets.draw

    def draw(template_name, widget):
        html = original(template_name, widget)
        (left if html is None else drawn).add(template_name.rsplit("/", 1)[-1])
        return html

    monkeypatch.setattr(widgets, "draw", draw)
    form = EveryKind(INVALID)
    for bound_field in form:
        widgets.render_bound(bound_field, {})
    assert drawn == {"text.html", "email.html", "number.html", "password.html", "date.html", "datetime.html",
                     "search.html", "tel.html", "url.html", "select.html", "textarea.html", "checkbox.html",
                     "file.html", "hidden.html"}
    assert left == {"checkbox_select.html", "radio.html", "clearable_file_input.html", "splitdatetime.html"}


FILTER_DATA = [
    {},
    {"search": NASTY, "level": "project", "status": "open", "residual_rag": "red", "overdue": "true",
     "residual_likelihood": "3", "ordering": "-residual_score", "archived": "false", "owner": NASTY},
    {"level": "nope", "project": "not-a-project", "residual_impact": "9", "overdue": "maybe", "ordering": "x"},
]


@pytest.mark.parametrize("data", FILTER_DATA)
def test_the_risk_filters_are_the_templates_byte_for_byte(in_llr, djangos, data):
    """The register's whole filter form, through ``includes/filters.html`` as the register and heat map use it."""
    if "project" not in data:
        data = {**data, "project": str(Project.objects.order_by("pk").values_list("pk", flat=True)[2])}
    form = RiskFilterSet(data, queryset=Risk.objects.all()).form
    form.is_valid()
    context = {"form": form, "action": f"/risks/?{NASTY}", "open": True, "sort": True, "form_class": "risks-filters",
               "keep": [("basis", NASTY)],
               "fields": "search level workstream project category nature owner status residual_rag inherent_rag "
                         "overdue residual_likelihood residual_impact inherent_likelihood inherent_impact archived "
                         "ordering"}
    ours = Engine.get_default().get_template("includes/filters.html").render(Context(context))
    assert 'id="id_project"' in ours and "nhsuk-select" in ours
    assert ours == djangos("includes/filters.html", **context)
    for field in form:
        assert portal.form_field(field) == djangos("includes/form_field.html", field=field)


@pytest.mark.parametrize("name", ["project", "workstream"])
def test_a_model_select_read_as_pairs_is_djangos_select_byte_for_byte(in_llr, subtests, name):
    """``ModelOptionsSelect`` reads (pk, name) pairs instead of model instances: the same options, labels, order and
    selection as Django's select over the instances, with django-filter's null choice and without a blank."""
    model = {"project": Project, "workstream": Project.workstream.field.related_model}[name]
    chosen = str(model.objects.order_by("pk").values_list("pk", flat=True)[1])
    first = model.objects.order_by("pk").first()
    first.name = f"{first.name} {NASTY}"
    first.save()
    attrs = {"class": "nhsuk-select", "aria-describedby": f"hint {NASTY}"}
    for data in ({}, {name: chosen}, {name: "not-a-pk"}):
        for null_label, empty_label in ((None, "Any"), ("None <set>", "Any"), (None, None)):
            with subtests.test(data=data, null_label=null_label, empty_label=empty_label):
                form = RiskFilterSet(data, queryset=Risk.objects.all()).form
                form.is_valid()
                field = form.fields[name]
                field.null_label, field.empty_label = null_label, empty_label
                assert isinstance(field.widget, widgets.ModelOptionsSelect)
                ours = form[name].as_widget(attrs=dict(attrs))
                assert f"{conditional_escape(NASTY)}</option>" in ours and f'value="{chosen}"' in ours
                field.widget = forms.Select(choices=field.choices)
                assert ours == form[name].as_widget(attrs=dict(attrs))


def test_escaping_many_texts_at_once_is_escaping_each():
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    texts = [NASTY, "", "plain", mark_safe("<b>safe</b>"), gettext_lazy("Any <one>"), 3, None, "a\0<b>", "&amp;"]
    assert widgets.escape_all(texts) == [conditional_escape(text) for text in texts]
    assert widgets.escape_all(texts[:3] + texts[-1:]) == [conditional_escape(text) for text in texts[:3] + texts[-1:]]
    assert widgets.escape_all([]) == []
