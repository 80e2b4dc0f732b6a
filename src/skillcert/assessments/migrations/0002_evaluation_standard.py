"""Each batch records the standard it was evaluated against; existing batches get the standard of their type.

Skill level batches: 国家职业技能标准 with the occupation code; 专项 batches: the project's 专项考核规范.
"""

from django.db import migrations, models


def fill_standards(apps, schema_editor):
    batch = apps.get_model("assessments", "Batch")
    rows = batch.objects.filter(standard_kind="")
    rows.filter(certificate_type__in=["skill_level", "qualification"]).update(
        standard_kind="national_standard", standard_code=models.F("occupation_code")
    )
    for project_id, code in (
        apps.get_model("catalog", "SpecialAbilityProject").objects.values_list("pk", "code").iterator()
    ):
        rows.filter(certificate_type="special_ability", project_id=project_id).update(
            standard_kind="special_specification", standard_code=code[:32]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="batch",
            name="standard_kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("national_standard", "National occupational skill standard"),
                    ("industry_specification", "Industry or enterprise evaluation specification"),
                    ("special_specification", "Special ability assessment specification"),
                ],
                max_length=24,
                verbose_name="evaluated against",
            ),
        ),
        migrations.AddField(
            model_name="batch",
            name="standard_code",
            field=models.CharField(blank=True, max_length=32, verbose_name="standard or specification code"),
        ),
        migrations.RunPython(fill_standards, migrations.RunPython.noop),
    ]
