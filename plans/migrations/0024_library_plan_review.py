"""Library corrections from the December 2026 plan review, for libraries already at 0023.

The kneeling hip-flexor stretch extends the low back and the wall angel the upper back; the back-extensor holds work the whole spine
(not only the upper back); a lateral shift, and pain that centralises with its correction, support a disc cause and
centralising pain argues against a muscle strain; foraminal stenosis is a low-back
cause, eased (not worsened) by sitting, that argues against itself for thoracic pain; a narrow
central canal argues against itself when the pain stays in the back; a positive
sacroiliac provocation cluster counts for more and argues against a muscle strain; the
morning-stiffness leaflet leads for inflammatory back pain; the pelvic girdle precaution against
lying on the back starts at 20 weeks of pregnancy, as the plan rules do; a pars stress injury rules
out rotation too and its review is within days only under 20; slow-onset pain argues against a
vertebral fracture. A fresh database gets the same values from plans/data through 0021, so every
step here is an idempotent update. The reverse is a no-op.
"""

from decimal import Decimal

from django.db import migrations

EVIDENCE = (
    # cause, key, direction, weight (None: the row goes)
    ("herniated_disc", "lateral_shift", "supports", Decimal("0.30")),
    ("foraminal_stenosis", "distribution:chest_abdomen_band", "supports", None),
    ("foraminal_stenosis", "region:thoracic", "against", Decimal("0.30")),
    ("foraminal_stenosis", "worse_with_flexion_or_sitting", "against", Decimal("0.30")),
    ("sacroiliac_pelvic_girdle", "sij_provocation_positive", "supports", Decimal("1.00")),
    ("muscle_strain_sprain", "sij_provocation_positive", "against", Decimal("0.40")),
    ("central_canal_stenosis", "distribution:back_only", "against", Decimal("0.30")),
    ("herniated_disc", "centralizes_with_lateral_shift_correction", "supports", Decimal("0.40")),
    ("muscle_strain_sprain", "centralizes_with_extension", "against", Decimal("0.30")),
    ("muscle_strain_sprain", "centralizes_with_flexion", "against", Decimal("0.30")),
    ("muscle_strain_sprain", "centralizes_with_lateral_shift_correction", "against", Decimal("0.30")),
    ("vertebral_fracture", "onset:gradual", "against", Decimal("0.20")),
)
SPONDYLOLYSIS_REFERRAL = (
    "Sports-medicine review for an athlete with extension pain, within days when under 20 (imaging is "
    "the physician's decision); refer sooner with leg symptoms, slip progression or neurological signs."
)


def apply_review(apps, schema_editor):
    Exercise = apps.get_model("plans", "Exercise")
    Cause = apps.get_model("plans", "Cause")
    CauseEvidence = apps.get_model("plans", "CauseEvidence")
    CauseEducation = apps.get_model("plans", "CauseEducation")
    EducationItem = apps.get_model("plans", "EducationItem")

    Exercise.objects.filter(slug__in=["hip-flexor-stretch", "wall-angel"]).update(spinal_extension=True)
    Exercise.objects.filter(slug="back-extensor-isometrics").update(target_region="general")

    for code, key, direction, weight in EVIDENCE:
        cause = Cause.objects.filter(code=code).first()
        if cause is None:
            continue
        if weight is None:
            CauseEvidence.objects.filter(cause=cause, key=key).delete()
        else:
            CauseEvidence.objects.update_or_create(
                cause=cause, key=key, defaults={"direction": direction, "weight": weight}
            )

    for cause in Cause.objects.filter(code="sacroiliac_pelvic_girdle"):
        cause.precautions = cause.precautions.replace("after about 16 weeks", "from about 20 weeks")
        cause.save(update_fields=["precautions"])

    CauseContraindication = apps.get_model("plans", "CauseContraindication")
    for cause in Cause.objects.filter(code="spondylolysis"):
        CauseContraindication.objects.get_or_create(cause=cause, exercise_property="rotation")
        cause.referral_note = SPONDYLOLYSIS_REFERRAL
        cause.save(update_fields=["referral_note"])

    cause = Cause.objects.filter(code="inflammatory_back_pain").first()
    leaflet = EducationItem.objects.filter(slug="morning-stiffness").first()
    if cause is not None and leaflet is not None:
        links = list(CauseEducation.objects.filter(cause=cause).order_by("order", "id"))
        if not links or links[0].item_id != leaflet.pk:
            others = [link.item_id for link in links if link.item_id != leaflet.pk]
            CauseEducation.objects.filter(cause=cause).delete()
            CauseEducation.objects.bulk_create(
                [
                    CauseEducation(cause=cause, item_id=item_id, order=i)
                    for i, item_id in enumerate([leaflet.pk, *others])
                ]
            )


class Migration(migrations.Migration):
    dependencies = [("plans", "0023_outcome_measures")]

    operations = [migrations.RunPython(apply_review, migrations.RunPython.noop)]
