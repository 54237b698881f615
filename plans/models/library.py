"""The library every clinic shares: education items, exercises and the cause taxonomy."""

from uuid import uuid4

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from PIL import Image, UnidentifiedImageError

from clinic import text
from clinic.models import TimeStampedModel
from clinic.text import length_constraint, length_constraints, limited_text
from plans.clinical.dose import Dose
from plans.clinical.vocabulary import (
    CauseCode,
    EducationCategory,
    ExerciseKind,
    ExerciseProperty,
    Stage,
    TargetRegion,
)
from plans.models.scoping import LibraryModel, SharedQuerySet

__all__ = [
    "PICTURE_FORMATS",
    "PICTURE_MAX_BYTES",
    "Cause",
    "CauseContraindication",
    "CauseEducation",
    "CauseEvidence",
    "CausePreferredKind",
    "EducationItem",
    "Exercise",
    "LibraryStamp",
    "validate_exercise_picture",
]

# An uploaded exercise picture: a real PNG, JPEG or WebP image, at most 2 MB.
PICTURE_MAX_BYTES = 2 * 1024 * 1024
PICTURE_FORMATS = frozenset({"PNG", "JPEG", "WEBP"})
PICTURE_EXTENSIONS = ["png", "jpg", "jpeg", "webp"]


def validate_exercise_picture(value: File) -> None:
    """Reject a new upload over 2 MB or that Pillow does not read as a PNG, JPEG or WebP image.
    Stored pictures were checked when they were uploaded and are not read again."""
    if getattr(value, "_committed", False):
        return
    if value.size is not None and value.size > PICTURE_MAX_BYTES:
        raise ValidationError("The picture is larger than 2 MB.", code="picture_too_large")
    handle = getattr(value, "file", value)
    handle.seek(0)
    try:
        with Image.open(handle) as image:
            picture_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError("Upload a PNG, JPEG or WebP picture.", code="picture_not_image") from error
    finally:
        handle.seek(0)
    if picture_format not in PICTURE_FORMATS:
        raise ValidationError("Upload a PNG, JPEG or WebP picture.", code="picture_format")


def picture_field(help_text: str) -> models.ImageField:
    return models.ImageField(
        upload_to="exercise-pictures/",
        blank=True,
        help_text=help_text,
        validators=[FileExtensionValidator(PICTURE_EXTENSIONS), validate_exercise_picture],
    )


class EducationItem(TimeStampedModel, LibraryModel):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=160)
    category = models.CharField(max_length=20, choices=EducationCategory)
    summary = models.CharField(max_length=300)
    body = limited_text(text.LIBRARY_TEXT, help_text="Plain words for patients.")

    class Meta:
        ordering = ("title",)
        constraints = [
            length_constraint("body", text.LIBRARY_TEXT, name="plans_educationitem_body_length"),
        ]

    def __str__(self) -> str:
        return self.title


class EducationLink(models.Model):
    """An education item listed, in order, under a cause or a plan version."""

    item: EducationItem
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.item)


class Exercise(TimeStampedModel, LibraryModel):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=30, choices=ExerciseKind)
    instructions = limited_text(text.LIBRARY_TEXT, help_text="Plain-language steps for the patient.")
    cues = limited_text(text.NOTE, "therapist cues", blank=True)
    if_it_hurts = limited_text(text.NOTE, "if it hurts", blank=True)
    precautions = limited_text(text.NOTE, blank=True)
    sets = models.PositiveSmallIntegerField(default=1)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    times_per_day = models.PositiveSmallIntegerField(default=1)
    days_per_week = models.PositiveSmallIntegerField(default=7)
    level = models.PositiveSmallIntegerField(default=1, help_text="1 easiest to 3 hardest.")
    easier = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="harder",
        help_text="The easier variant; this exercise becomes its harder variant.",
    )
    loaded_spinal_flexion = models.BooleanField(default=False)
    spinal_flexion = models.BooleanField(default=False)
    spinal_extension = models.BooleanField(default=False)
    rotation = models.BooleanField(default=False)
    high_impact = models.BooleanField(default=False)
    lateral_glide = models.BooleanField(default=False)
    prone = models.BooleanField(default=False, help_text="Face-down positions, planks included.")
    supine = models.BooleanField(default=False, help_text="Lying on the back.")
    unsupported_balance = models.BooleanField(default=False, help_text="Balance without a hand hold.")
    non_weight_bearing = models.BooleanField(default=False, help_text="Cycling or water-based.")
    target_region = models.CharField(max_length=10, choices=TargetRegion, default=TargetRegion.GENERAL)
    suits_acute = models.BooleanField(default=True)
    suits_subacute = models.BooleanField(default=True)
    suits_chronic = models.BooleanField(default=True)
    media_note = models.CharField("media source and licence", max_length=300, blank=True)
    approved = models.BooleanField(default=False, help_text="Only approved exercises are suggested.")
    start_pose = models.JSONField(
        default=dict, blank=True, help_text="The start position, drawn as the exercise's first picture."
    )
    end_pose = models.JSONField(
        default=dict, blank=True, help_text="The end position, drawn as the exercise's second picture."
    )
    start_picture_alt = models.CharField("start picture text", max_length=300, blank=True)
    end_picture_alt = models.CharField("end picture text", max_length=300, blank=True)
    start_picture = picture_field("Replaces the drawn start position. PNG, JPEG or WebP, at most 2 MB.")
    end_picture = picture_field("Replaces the drawn end position. PNG, JPEG or WebP, at most 2 MB.")
    picture_licence = models.CharField(
        max_length=300, blank=True, help_text="Source and licence of an uploaded picture."
    )

    class Meta:
        ordering = ("name",)
        constraints = [
            *length_constraints(
                "plans_exercise",
                instructions=text.LIBRARY_TEXT,
                cues=text.NOTE,
                if_it_hurts=text.NOTE,
                precautions=text.NOTE,
            ),
            models.CheckConstraint(condition=Q(sets__gte=1), name="plans_exercise_sets_positive"),
            models.CheckConstraint(
                condition=Q(reps__isnull=True) | Q(reps__gte=1), name="plans_exercise_reps_positive"
            ),
            models.CheckConstraint(
                condition=Q(hold_seconds__isnull=True) | Q(hold_seconds__gte=1),
                name="plans_exercise_hold_positive",
            ),
            models.CheckConstraint(
                condition=Q(times_per_day__gte=1, times_per_day__lte=24), name="plans_exercise_times_per_day"
            ),
            models.CheckConstraint(
                condition=Q(days_per_week__gte=1, days_per_week__lte=7), name="plans_exercise_days_per_week"
            ),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="plans_exercise_level"),
            models.CheckConstraint(condition=~Q(easier=F("id")), name="plans_exercise_not_its_own_variant"),
            models.CheckConstraint(
                condition=Q(start_picture="", end_picture="") | ~Q(picture_licence=""),
                name="plans_exercise_uploaded_picture_licence",
                violation_error_message="An uploaded picture needs its source and licence.",
            ),
            models.CheckConstraint(
                condition=Q(start_picture="") | ~Q(start_picture_alt=""),
                name="plans_exercise_start_picture_alt",
                violation_error_message="An uploaded start picture needs its text.",
            ),
            models.CheckConstraint(
                condition=Q(end_picture="") | ~Q(end_picture_alt=""),
                name="plans_exercise_end_picture_alt",
                violation_error_message="An uploaded end picture needs its text.",
            ),
        ]
        indexes = [models.Index(fields=["kind", "approved"], name="exercise_kind_approved_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def properties(self) -> frozenset[str]:
        return frozenset(prop for prop in ExerciseProperty if getattr(self, prop.value))

    @property
    def stages(self) -> frozenset[str]:
        return frozenset(stage for stage in Stage if getattr(self, f"suits_{stage.value}"))

    @property
    def dose(self) -> Dose:
        """The default dose a plan starts from."""
        return Dose.of(self)

    @property
    def has_uploaded_picture(self) -> bool:
        return bool(self.start_picture or self.end_picture)

    @property
    def shown_picture_licence(self) -> str:
        """The source and licence of the pictures shown: an upload's, or the drawn pictures' (the
        library's media note)."""
        return self.picture_licence if self.has_uploaded_picture else self.media_note

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.has_uploaded_picture and not self.picture_licence.strip():
            errors["picture_licence"] = "An uploaded picture needs its source and licence."
        if self.start_picture and not self.start_picture_alt.strip():
            errors["start_picture_alt"] = "Describe the uploaded start picture for people who cannot see it."
        if self.end_picture and not self.end_picture_alt.strip():
            errors["end_picture_alt"] = "Describe the uploaded end picture for people who cannot see it."
        if errors:
            raise ValidationError(errors)


class Cause(TimeStampedModel, LibraryModel):
    code = models.CharField(max_length=40, choices=CauseCode, unique=True)
    name = models.CharField(max_length=120)
    description = limited_text(text.LIBRARY_TEXT)
    precautions = limited_text(text.NOTE, blank=True)
    referral_note = limited_text(text.NOTE, blank=True)
    education = models.ManyToManyField(
        EducationItem, through="CauseEducation", blank=True, related_name="causes"
    )

    class Meta:
        ordering = ("name",)
        constraints = length_constraints(
            "plans_cause", description=text.LIBRARY_TEXT, precautions=text.NOTE, referral_note=text.NOTE
        )

    def __str__(self) -> str:
        return self.name


class CauseEvidence(LibraryModel):
    class Direction(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        AGAINST = "against", "Argues against"

    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="evidence")
    key = models.CharField(
        max_length=60,
        help_text='A finding code, or a derived key such as "mechanism:lifting" or "age:50_plus".',
    )
    direction = models.CharField(max_length=10, choices=Direction, default=Direction.SUPPORTS)
    weight = models.DecimalField(max_digits=3, decimal_places=2)

    class Meta:
        ordering = ("cause", "direction", "-weight", "key")
        verbose_name_plural = "cause evidence"
        constraints = [
            models.UniqueConstraint(fields=["cause", "key"], name="plans_causeevidence_unique_key"),
            models.CheckConstraint(
                condition=Q(weight__gt=0, weight__lte=1), name="plans_causeevidence_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.get_direction_display()}, {self.weight})"


class CauseContraindication(LibraryModel):
    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="contraindications")
    exercise_property = models.CharField(max_length=30, choices=ExerciseProperty)

    class Meta:
        ordering = ("cause", "exercise_property")
        constraints = [
            models.UniqueConstraint(
                fields=["cause", "exercise_property"], name="plans_causecontraindication_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.get_exercise_property_display()


class CausePreferredKind(LibraryModel):
    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="preferred_kinds")
    kind = models.CharField(max_length=30, choices=ExerciseKind)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("cause", "order", "id")
        constraints = [
            models.UniqueConstraint(fields=["cause", "kind"], name="plans_causepreferredkind_unique"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class CauseEducation(EducationLink, LibraryModel):
    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="education_links")
    item = models.ForeignKey(EducationItem, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ("cause", "order", "id")
        verbose_name = "education item"
        constraints = [
            models.UniqueConstraint(fields=["cause", "item"], name="plans_causeeducation_unique"),
        ]


class LibraryStamp(models.Model):
    """The library's one stamp: its token changes, in the same transaction, with every change to the
    library (``plans.services.library_stamp``), so a process's memo of the library
    (``plans.selectors.library.load_catalog``) holds while the token it was read with is the stored one.
    A random token rather than a counter: a rolled-back change cannot hand its number to a later one."""

    token = models.UUIDField(default=uuid4)
    changed_at = models.DateTimeField(auto_now=True)

    objects = SharedQuerySet.as_manager()  # no history: the changes it stamps keep theirs

    class Meta:
        ordering = ("id",)
        constraints = [models.CheckConstraint(condition=Q(id=1), name="plans_librarystamp_one_row")]

    def __str__(self) -> str:
        return f"Library changed {self.changed_at:%d %b %Y %H:%M}"
