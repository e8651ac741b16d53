"""Issue 14: every page with a form that posts fields shows the NHS.UK error summary, whose entries link to the
fields (templates/includes/error_summary.html)."""

import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template

TEMPLATES = Path(settings.BASE_DIR) / "templates"
POSTED_FORM = re.compile(r'<form method="post"[^>]*>(.*?)</form>', re.S)


def posting_field_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text()
        if any("includes/form_field.html" in body for body in POSTED_FORM.findall(text)):
            yield path.relative_to(TEMPLATES), text


def test_some_templates_post_fields():
    assert len(list(posting_field_templates())) > 20


def test_every_page_that_posts_fields_has_the_error_summary():
    missing = [str(name) for name, text in posting_field_templates() if "includes/error_summary.html" not in text]
    assert missing == []


def test_the_summary_links_each_error_to_its_field():
    from django import forms

    class Example(forms.Form):
        title = forms.CharField(label="Title")
        kinds = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)

    form = Example(data={})
    html = Template('{% include "includes/error_summary.html" %}').render(Context({"form": form}))
    assert '<a href="#id_title">This field is required.</a>' in html
    assert '<a href="#id_kinds_0">This field is required.</a>' in html
