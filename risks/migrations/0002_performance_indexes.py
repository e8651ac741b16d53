"""Indexes for the large-tenant benchmark (issue 8, docs/performance.md): the live register's count and heat map
read only ``risk_tenant_live`` (its INCLUDE columns are PostgreSQL's; elsewhere it is a plain index), and the
mitigation actions list pages along ``action_tenant_due``."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("risks", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="mitigationaction",
            index=models.Index(fields=["tenant", "due_date", "id"], include=("risk",), name="action_tenant_due"),
        ),
        migrations.AddIndex(
            model_name="risk",
            index=models.Index(
                fields=["tenant", "archived"],
                include=("id", "restricted", "level", "owner", "created_by", "residual_likelihood", "residual_impact",
                         "inherent_likelihood", "inherent_impact"),
                name="risk_tenant_live",
            ),
        ),
    ]
