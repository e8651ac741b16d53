"""The column-mapping import's forms (``risks.mapping``): the upload, then one select per source column."""

from django import forms

from core.models import Organisation
from core.uploads import check_upload
from risks import mapping, scoring
from risks.choices import Category, Nature, Rag, Response
from risks.forms import ImportForm

FIELD_CHOICES = list(mapping.FIELDS.items())
WHOLE_FILE = {"category": Category, "response": Response, "nature": Nature}
ROW_BY_ROW_LIMIT = 200  # rows a file may have for the page to offer a category and response row by row
# Headings that name a field outright (guessed when no layout is saved for the file's headings).
GUESSES = {
    "no": "number", "ref": "number", "ref.": "number", "reference": "number", "id": "number", "title": "title",
    "risk title": "title", "description": "description", "risk description": "title_description",
    "risk": "title_description", "category": "category", "risk type": "category", "owner": "owner",
    "risk owner": "owner", "date identified": "date_identified", "opened": "date_identified",
    "likelihood": "inherent_likelihood", "probability": "inherent_likelihood", "impact": "inherent_impact",
    "consequence": "inherent_impact", "controls": "controls", "controls in place": "controls",
    "mitigation": "controls", "mitigation strategies": "controls", "response": "response",
    "actions": "actions", "action plan": "actions", "review date": "review_date",
}


class MapUploadForm(ImportForm):
    """The file (.xlsx or CSV, any layout) and the register its new risks join."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Risk register (.xlsx or CSV)"
        self.fields["file"].help_text = "Any layout with a header row: you map its columns next. 5 MB at most."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, ("xlsx", "csv"))  # size, extension, type and content (core.uploads)
        return upload


def _slug(index):
    return f"column_{index}"


class MappingForm(forms.Form):
    """One select per source column (its sample values as help), the values chosen for the whole file, the
    source's words for categories, responses and natures, and the partner's bands."""

    name = forms.CharField(label="Name of this layout", max_length=200, required=False,
                           help_text="Such as 'LPT Datix export'. Saved when you confirm the import.")
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.all(), required=False,
                                          label="Partner organisation whose register this is")
    remember = forms.BooleanField(label="Remember this layout for the next file with these column headings",
                                  required=False, initial=True)

    def __init__(self, *args, source, saved=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        samples = source.samples()
        layout = mapping.Layout.of(saved).for_headers(source.headers) if saved else None
        for index, heading in enumerate(source.headers):
            initial = (layout.mapping.get(heading) if layout else None) or GUESSES.get(mapping._key(heading),
                                                                                         mapping.IGNORE)
            self.fields[_slug(index)] = forms.ChoiceField(
                choices=FIELD_CHOICES, label=heading, initial=initial,
                help_text="For example: " + " · ".join(samples[heading]) if samples[heading] else "Blank in every row.")
        for name, enum in WHOLE_FILE.items():
            blank = "Threat (the register lists threats)" if name == "nature" else "Choose…"
            self.fields[f"all_{name}"] = forms.ChoiceField(
                choices=[("", blank), *enum.choices], required=False, label=f"{mapping.FIELDS[name]} of every row",
                initial=(layout.choices.get(name) if layout else ""),
                help_text=f"Needed when no column is mapped to {mapping.FIELDS[name].lower()}"
                          + (" (never assumed)." if name in mapping.ASKED else "."))
        self.value_fields = []
        for name, enum in WHOLE_FILE.items():
            heading = self._mapped(name, layout)
            if heading is None:
                continue
            saved_values = {mapping._key(k): v for k, v in ((layout.values if layout else {}).get(name) or {}).items()}
            for position, value in enumerate(source.distinct(heading)):
                key = f"value_{name}_{position}"
                guess = saved_values.get(mapping._key(value))
                if guess is None:
                    try:
                        guess = mapping._choice(name, value, mapping.Layout(mapping={}))
                    except ValueError:
                        guess = ""
                self.fields[key] = forms.ChoiceField(choices=[("", "Choose…"), *enum.choices], required=False,
                                                     label=f"{mapping.FIELDS[name]} '{value}' means", initial=guess)
                self.value_fields.append((name, value, key))
        self.row_fields = []  # [(row number, its text, [bound fields])] where no column gives category or response
        asked = [name for name in mapping.ASKED if self._mapped(name, layout) is None]
        if asked and len(source.rows) <= ROW_BY_ROW_LIMIT:
            title = self._mapped("title", layout) or self._mapped("title_description", layout)
            where = source.headers.index(title) if title else None
            for row, cells in source.rows:
                text = mapping._text(cells[where]) if where is not None else " ".join(
                    mapping._text(cell) for cell in cells if mapping._text(cell))
                keys = []
                for name in asked:
                    key = f"row_{name}_{row}"
                    self.fields[key] = forms.ChoiceField(
                        choices=[("", "As for every row"), *WHOLE_FILE[name].choices], required=False,
                        label=f"{mapping.FIELDS[name]} of row {row}")
                    keys.append(key)
                self.row_fields.append((row, text[:120] + ("…" if len(text) > 120 else ""), keys))
        for rag in scoring.RAG_ORDER:
            self.fields[f"band_{rag}"] = forms.CharField(
                label=f"{Rag(rag).label}: scores", required=False, max_length=10,
                help_text="Such as 15-25. Leave blank where the source has no such colour.")
        for word in ("H", "M", "L"):
            self.fields[f"hml_{word}"] = forms.IntegerField(label=f"{word} means", required=False, min_value=1,
                                                            max_value=5)
        if saved and not self.is_bound:
            self.initial.setdefault("name", saved.name)
            self.initial.setdefault("organisation", saved.organisation_id)
            for band in (saved.source_bands or {}).get("bands") or []:
                self.initial.setdefault(f"band_{band[0]}", f"{band[1]}-{band[2]}")
            for word, value in ((saved.source_bands or {}).get("hml") or {}).items():
                self.initial.setdefault(f"hml_{word}", value)

    def _mapped(self, name, layout):
        """The heading mapped to ``name``: as posted, else as saved or guessed."""
        for index, heading in enumerate(self.source.headers):
            chosen = (self.data.get(_slug(index)) if self.is_bound
                      else self.initial.get(_slug(index), self.fields[_slug(index)].initial))
            if chosen == name:
                return heading
        return None

    @property
    def column_fields(self):
        return [self[_slug(index)] for index in range(len(self.source.headers))]

    @property
    def whole_file_fields(self):
        return [self[f"all_{name}"] for name in WHOLE_FILE]

    @property
    def value_bound_fields(self):
        return [self[key] for _name, _value, key in self.value_fields]

    @property
    def row_bound_fields(self):
        return [(row, text, [self[key] for key in keys]) for row, text, keys in self.row_fields]

    @property
    def row_headings(self):
        return [mapping.FIELDS[name] for name in mapping.ASKED
                if any(key.startswith(f"row_{name}_") for _row, _text, keys in self.row_fields for key in keys)]

    @property
    def band_fields(self):
        return [self[f"band_{rag}"] for rag in scoring.RAG_ORDER] + [self[f"hml_{w}"] for w in ("H", "M", "L")]

    def _bands(self, data):
        bands = []
        for rag in scoring.RAG_ORDER:
            text = (data.get(f"band_{rag}") or "").replace("–", "-").replace(" ", "")
            if not text:
                continue
            low, _, high = text.partition("-")
            if not (low.isdigit() and high.isdigit()):
                self.add_error(f"band_{rag}", f"{Rag(rag).label}: give the lowest and highest score, such as 15-25.")
                return None
            bands.append([rag, int(low), int(high)])
        hml = {word: data.get(f"hml_{word}") for word in ("H", "M", "L") if data.get(f"hml_{word}") is not None}
        if not bands and not hml:
            return None
        return {"bands": bands, **({"hml": hml} if hml else {})}

    def clean(self):
        data = super().clean()
        self.layout = mapping.Layout(
            mapping={heading: data.get(_slug(index)) or mapping.IGNORE for index, heading in
                     enumerate(self.source.headers)},
            choices={name: data.get(f"all_{name}") for name in WHOLE_FILE if data.get(f"all_{name}")},
            values={}, source_bands=self._bands(data), organisation=data.get("organisation"))
        for name, value, key in self.value_fields:
            if data.get(key):
                self.layout.values.setdefault(name, {})[value] = data[key]
        for row, _text, keys in self.row_fields:
            for key in keys:
                if data.get(key):
                    self.layout.rows.setdefault(key.split("_")[1], {})[str(row)] = data[key]
        if self.errors:
            return data
        try:
            mapping.check_layout(self.layout, self.source.headers)
        except mapping.Invalid as exc:
            for message in exc.messages:
                self.add_error(None, message)
        return data
