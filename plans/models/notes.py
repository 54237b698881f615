"""Clinical notes in SOAP form: drafted from a visit or an assessment, edited, signed, then only
amended or added to with a reason (every version is kept by django-simple-history)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from clinic import text
from clinic.models import CodedModel
from clinic.text import length_constraint, length_constraints, limited_text
from patients.models import Episode
from plans.models.assessments import Assessment
from plans.models.fields import done_at_and_by
from plans.models.scoping import EpisodeRecord, EpisodeRecordQuerySet
from plans.models.visits import Visit

__all__ = ["ClinicalNote", "NoteKind", "NoteQuerySet", "NoteStatus"]


class NoteKind(models.TextChoices):
    INITIAL_EVALUATION = "initial", "Initial evaluation note"
    DAILY = "daily", "Daily note"
    PROGRESS = "progress", "Progress note"
    DISCHARGE = "discharge", "Discharge note"


class NoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"


class NoteQuerySet(EpisodeRecordQuerySet):
    def unsigned_since(self, before):
        """Drafts written before ``before`` (a datetime)."""
        return self.filter(status=NoteStatus.DRAFT, created_at__lt=before)


class ClinicalNote(CodedModel, EpisodeRecord):
    Kind = NoteKind
    Status = NoteStatus

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField(max_length=10, choices=NoteKind)
    visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="clinical_notes"
    )
    evaluation = models.ForeignKey(
        Assessment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="clinical_notes",
        verbose_name="assessment documented",
    )
    subjective = limited_text(text.SOAP_SECTION, blank=True)
    objective = limited_text(text.SOAP_SECTION, blank=True)
    assessment = limited_text(text.SOAP_SECTION, blank=True)
    plan = limited_text(text.SOAP_SECTION, blank=True)
    addenda = limited_text(text.SOAP_SECTION, blank=True, help_text="Text added after signing, with reasons.")
    change_reason = limited_text(text.REASON, blank=True, help_text="Why the signed note last changed.")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=NoteStatus, default=NoteStatus.DRAFT)
    signed_at, signed_by = done_at_and_by()

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ("episode", "created_at", "id")
        constraints = [
            *length_constraints(
                "plans_clinicalnote",
                subjective=text.SOAP_SECTION,
                objective=text.SOAP_SECTION,
                assessment=text.SOAP_SECTION,
                plan=text.SOAP_SECTION,
                addenda=text.SOAP_SECTION,
            ),
            length_constraint("change_reason", text.REASON, name="plans_clinicalnote_change_reason_length"),
            models.CheckConstraint(
                condition=Q(status=NoteStatus.DRAFT) | Q(signed_by__isnull=False, signed_at__isnull=False),
                name="plans_clinicalnote_signed_has_signer",
            ),
            models.CheckConstraint(
                condition=(Q(kind=NoteKind.DAILY) & Q(visit__isnull=False, evaluation__isnull=True))
                | (
                    Q(kind__in=[NoteKind.INITIAL_EVALUATION, NoteKind.PROGRESS])
                    & Q(visit__isnull=True, evaluation__isnull=False)
                )
                | Q(kind=NoteKind.DISCHARGE, visit__isnull=True, evaluation__isnull=True),
                name="plans_clinicalnote_documents_its_kind",
            ),
            models.UniqueConstraint(
                fields=["visit", "kind"],
                condition=Q(visit__isnull=False),
                name="plans_clinicalnote_one_per_visit",
            ),
            models.UniqueConstraint(
                fields=["evaluation", "kind"],
                condition=Q(evaluation__isnull=False),
                name="plans_clinicalnote_one_per_assessment",
            ),
            models.UniqueConstraint(
                fields=["episode"],
                condition=Q(kind=NoteKind.DISCHARGE),
                name="plans_clinicalnote_one_discharge_per_episode",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="note_status_created_idx")]

    def __str__(self) -> str:
        record = self.visit or self.evaluation
        return f"{self.get_kind_display()} ({record})" if record else self.get_kind_display()

    @property
    def is_signed(self) -> bool:
        return self.status == NoteStatus.SIGNED
