"""Each risk's stored RAGs in App. 7's bands, the only bands until a partnership changes them (risks.bands). The
rows are updated by score (one UPDATE per band and score), not one by one, and with no history: the colours were
always these, only now they are stored (in the history too, so it shows no change of colour that was none)."""

from django.db import migrations
from django.db.models import F

APP7 = (("red", 20, 25), ("amber", 14, 19), ("yellow", 8, 13), ("green", 1, 7))


def fill(apps, schema_editor):
    for name in ("Risk", "HistoricalRisk"):
        _fill(apps.get_model("risks", name))


def _fill(Risk):
    for rag, low, high in APP7:
        Risk.objects.filter(inherent_score__range=(low, high)).update(inherent_rag=rag)
        Risk.objects.filter(residual_score__range=(low, high)).update(residual_rag=rag)
        target = F("target_likelihood") * F("target_impact")
        (Risk.objects.alias(target=target).filter(target__range=(low, high), target_likelihood__isnull=False)
         .update(target_rag=rag))


class Migration(migrations.Migration):
    dependencies = [("risks", "0007_partnership_risk_bands")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
