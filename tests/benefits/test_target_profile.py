"""A target that differs from the profile's total is flagged, not refused: seed 004 states phase 2's savings as
£913,528 (Table 3 and Table 4's total) while Table 4's years add up to £913,530; the portal shows both."""

from decimal import Decimal

import pytest

from benefits import realisation
from benefits.models import Benefit

from .conftest import fy

pytestmark = pytest.mark.django_db
D = Decimal
PHASE_2 = "Points of Access phase 2"
NOTE = "Target £913,528 differs from the profile&#x27;s total £913,530 by £2."


@pytest.mark.parametrize("target,total,difference", [
    (D(913528), D(913530), D(2)), (D(100), D(90), D(-10)), (D(100), D(100), None), (None, D(100), None),
    (D(100), None, None),
])
def test_target_difference(target, total, difference):
    assert realisation.target_difference(target, total) == difference


def test_the_demo_keeps_the_fbc_target_and_profile(in_llr):
    benefit = Benefit.objects.get(title__startswith=PHASE_2)
    assert benefit.target == D(913528) and benefit.planned_total == D(913530)
    assert benefit.target_differs_from_profile and benefit.profile_difference == D(2)


def test_the_benefit_page_names_both_figures(browser, in_llr):
    benefit = Benefit.objects.get(title__startswith=PHASE_2)
    html = browser("viewer.uhl.llr").get(f"/benefits/{benefit.pk}/").content.decode()
    assert "Target differs from the profile" in html and NOTE in html


def test_no_flag_when_they_agree(browser, make_benefit, api):
    benefit = make_benefit(title="Agrees", target=D(200), points=[(fy(2017), D(100), None, None),
                                                                   (fy(2018), D(100), None, None)])
    assert not benefit.target_differs_from_profile
    html = browser("pmo.llr").get(f"/benefits/{benefit.pk}/").content.decode()
    assert "Target differs from the profile" not in html
    data = api("pmo.llr").get(f"/api/v1/benefits/{benefit.pk}/").json()
    assert data["target_differs_from_profile"] is False and data["target_difference"] is None
    assert data["profile_total"] == "200.00"


def test_the_register_and_dashboard_flag_it(browser, make_benefit):
    make_benefit(title="Agrees too", target=D(100), points=[(fy(2017), D(100), None, None)])
    client = browser("pmo.llr")
    register = client.get("/benefits/?search=phase 2").content.decode()
    assert "Target differs from profile" in register
    assert "Target differs from profile" not in client.get("/benefits/?search=Agrees too").content.decode()
    dashboard = client.get("/benefits/dashboard/").content.decode()
    assert "Targets that differ from their profile" in dashboard and NOTE in dashboard
    assert "Agrees too" not in dashboard


def test_the_api_gives_both_figures(api, in_llr):
    benefit = Benefit.objects.get(title__startswith=PHASE_2)
    data = api("viewer.uhl.llr").get(f"/api/v1/benefits/{benefit.pk}/").json()
    assert data["target"] == "913528.00" and data["profile_total"] == "913530.00"
    assert data["target_differs_from_profile"] is True and data["target_difference"] == "2.00"
    listed = api("viewer.uhl.llr").get("/api/v1/benefits/?page_size=100").json()["results"]
    assert next(row for row in listed if row["id"] == benefit.pk)["target_differs_from_profile"] is True


def test_a_difference_never_blocks_saving(api, make_benefit):
    benefit = make_benefit(title="Stated apart", target=D(100), points=[(fy(2017), D(90), None, None)])
    response = api("pmo.llr").patch(f"/api/v1/benefits/{benefit.pk}/", {"target": "95.00"}, format="json")
    assert response.status_code == 200 and response.json()["target_difference"] == "-5.00"


def test_the_register_download_gives_both_figures(browser, in_llr):
    import csv
    import io

    response = browser("pmo.llr").get("/benefits/?format=csv&search=phase 2")
    text = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header = next(row for row in rows if "Profile less target" in row)
    row = next(row for row in rows if any("Points of Access phase 2" in cell for cell in row))
    assert row[header.index("Target")].startswith("913528")
    assert row[header.index("Planned (profile)")].startswith("913530")
    assert row[header.index("Profile less target")].startswith("2")
