"""The OpenAPI schema partner organisations generate clients from: valid, warning-free, stable enum names."""

import pytest
import yaml
from django.core.management import call_command


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "schema.yml"
    # --fail-on-warn: an ambiguous enum or an unresolvable serializer field fails the build, not a client.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def test_schema_is_valid_and_covers_the_contract(schema):
    paths = schema["paths"]
    for resource in ["me", "organisations", "bodies", "objectives", "stages", "workstreams", "projects"]:
        assert f"/api/v1/{resource}/" in paths


def test_enums_are_named_after_their_choices(schema):
    names = set(schema["components"]["schemas"])
    assert {"ProjectStageEnum", "BodyKindEnum", "WorkstreamKindEnum"} <= names
    assert not [name for name in names if name.endswith("Enum") and any(c.isdigit() for c in name)]
