"""factory_boy factories for every model of clinic, patients and plans.

Each factory builds a row that passes ``full_clean()``. Related rows come from SubFactory chains that
stay in one clinic: a visit's recorder works at its patient's clinic, a plan version's exercises and
home logs belong to the same episode. Build the most specific row a test needs
(``VisitFactory(episode=episode)``) and let the chain make the rest; tests/test_factories.py builds
each one so none can rot."""

from datetime import date, time, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from clinic import dates
from clinic.models import Clinic, Membership
from clinic.roles import membership_grant
from patients.models import Appointment, Episode, Patient, RecordAccess, RecordNumberCounter
from plans.clinical.vocabulary import (
    CauseCode,
    EducationCategory,
    ExerciseKind,
    ExerciseProperty,
    Finding,
    Mechanism,
    Onset,
    PainDistribution,
    PromptKind,
    Region,
    Stage,
    TriageLevel,
)
from plans.models import (
    Assessment,
    AssessmentFinding,
    Cause,
    CauseContraindication,
    CauseEducation,
    CauseEvidence,
    CausePreferredKind,
    ClinicalNote,
    EducationItem,
    Exercise,
    HoldOverride,
    HomeLog,
    InterventionType,
    LibraryStamp,
    ObjectiveMeasures,
    Plan,
    PlanDraft,
    PlanEducation,
    PlanExercise,
    PlanGoal,
    PlanVersion,
    Prompt,
    QuestionnaireRequest,
    Referral,
    Visit,
    VisitExercise,
    VisitFinding,
    VisitIntervention,
)

PASSWORD = "correct-horse-battery"


def days_ago(days: int):
    return factory.LazyFunction(lambda: dates.today() - timedelta(days=days))


def days_ahead(days: int):
    return factory.LazyFunction(lambda: dates.today() + timedelta(days=days))


# --- clinic: clinics, users, staff ---------------------------------------------------------------


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic

    name = factory.Sequence(lambda n: f"Clinic {n}")


class UserFactory(factory.django.DjangoModelFactory):
    """A login with no role anywhere (a patient's portal account, or a superuser with
    ``is_superuser=True, is_staff=True``)."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    """A role at a clinic, granted as the product grants it (groups and admin access follow)."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    clinic = factory.SubFactory(ClinicFactory)
    role = Membership.Role.THERAPIST

    @classmethod
    def _create(cls, model_class, *, user, clinic, role):
        return membership_grant(user=user, clinic=clinic, role=role)


class StaffFactory(UserFactory):
    """A user with one role (a therapist unless ``role=``) at ``clinic``."""

    class Params:
        clinic = factory.SubFactory(ClinicFactory)
        role = Membership.Role.THERAPIST

    membership = factory.RelatedFactory(
        MembershipFactory,
        factory_related_name="user",
        clinic=factory.SelfAttribute("..clinic"),
        role=factory.SelfAttribute("..role"),
    )


def make_staff(clinic: Clinic, role: Membership.Role = Membership.Role.THERAPIST, **user_fields):
    return StaffFactory(clinic=clinic, role=role, **user_fields)


def staff_of(path: str):
    """A therapist of the clinic found at ``path`` from the row being built (e.g. "episode")."""
    return factory.SubFactory(StaffFactory, clinic=factory.SelfAttribute(f"..{path}.patient.clinic"))


# --- patients: patients, episodes, portal accounts, record access ---------------------------------


class PatientFactory(factory.django.DjangoModelFactory):
    """A patient; ``with_portal_account=True`` gives them a portal login."""

    class Meta:
        model = Patient

    class Params:
        with_portal_account = factory.Trait(portal_user=factory.SubFactory(UserFactory))

    clinic = factory.SubFactory(ClinicFactory)
    record_number = factory.Sequence(lambda n: f"MRN-{n:05d}")
    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    date_of_birth = date(1980, 5, 17)


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Episode

    patient = factory.SubFactory(PatientFactory)
    region = Region.LUMBAR
    onset = Onset.SUDDEN
    mechanism = Mechanism.LIFTING
    onset_date = days_ago(10)


class RecordAccessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordAccess

    patient = factory.SubFactory(PatientFactory)
    user = factory.SubFactory(StaffFactory, clinic=factory.SelfAttribute("..patient.clinic"))
    kind = RecordAccess.Kind.PAGE
    path = factory.LazyAttribute(lambda a: f"/patients/{a.patient.code}/")
    record_type = "patients.patient"
    record_id = factory.SelfAttribute("patient.pk")


class RecordNumberCounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordNumberCounter

    clinic = factory.SubFactory(ClinicFactory)


class AppointmentFactory(factory.django.DjangoModelFactory):
    """A booked visit with the patient's own therapist."""

    class Meta:
        model = Appointment

    patient = factory.SubFactory(PatientFactory)
    therapist = factory.SelfAttribute("patient.primary_therapist")
    on_date = days_ahead(1)
    status = Appointment.Status.BOOKED


# --- plans: the library -----------------------------------------------------------------------------


class EducationItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EducationItem

    slug = factory.Sequence(lambda n: f"leaflet-{n}")
    title = factory.Sequence(lambda n: f"Leaflet {n}")
    category = EducationCategory.EDUCATION
    summary = "What to expect."
    body = "Keep moving: it helps."


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise

    slug = factory.Sequence(lambda n: f"exercise-{n}")
    name = factory.Sequence(lambda n: f"Exercise {n}")
    kind = ExerciseKind.MOBILITY
    instructions = "Lie on your back and move gently."
    sets = 2
    reps = 10
    approved = True


class CauseFactory(factory.django.DjangoModelFactory):
    """One of the taxonomy's causes (the seed migration wrote them all: this gets it)."""

    class Meta:
        model = Cause
        django_get_or_create = ("code",)

    code = CauseCode.MUSCLE_STRAIN_SPRAIN
    name = factory.LazyAttribute(lambda c: CauseCode(c.code).label)
    description = "What it is."


class CauseEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CauseEvidence

    cause = factory.SubFactory(CauseFactory)
    key = factory.Sequence(lambda n: f"test:key_{n}")
    direction = CauseEvidence.Direction.SUPPORTS
    weight = Decimal("0.50")


class CauseContraindicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CauseContraindication
        django_get_or_create = ("cause", "exercise_property")

    cause = factory.SubFactory(CauseFactory)
    exercise_property = ExerciseProperty.HIGH_IMPACT


class CausePreferredKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CausePreferredKind
        django_get_or_create = ("cause", "kind")

    cause = factory.SubFactory(CauseFactory)
    kind = ExerciseKind.AEROBIC


class CauseEducationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CauseEducation

    cause = factory.SubFactory(CauseFactory)
    item = factory.SubFactory(EducationItemFactory)


class LibraryStampFactory(factory.django.DjangoModelFactory):
    """The library's one stamp row (asking again gets it)."""

    class Meta:
        model = LibraryStamp
        django_get_or_create = ("id",)

    id = 1


# --- plans: assessments ---------------------------------------------------------------------------


class AssessmentFactory(factory.django.DjangoModelFactory):
    """An initial assessment with no red flag, stored as written (the engine did not run: its
    ``suggestion`` is a stub; use the assessment service where a page reads the suggestion)."""

    class Meta:
        model = Assessment

    episode = factory.SubFactory(EpisodeFactory)
    assessed_by = staff_of("episode")
    assessed_on = days_ago(7)
    age = factory.LazyAttribute(lambda a: a.episode.patient.age_on(a.assessed_on))
    region = factory.SelfAttribute("episode.region")
    onset = factory.SelfAttribute("episode.onset")
    mechanism = factory.SelfAttribute("episode.mechanism")
    duration_days = factory.LazyAttribute(lambda a: (a.assessed_on - a.episode.onset_date).days)
    pain_distribution = PainDistribution.BACK_ONLY
    nprs_current = 6
    stage = Stage.ACUTE
    triage_level = TriageLevel.NONE
    suggestion = factory.LazyAttribute(lambda a: {"stage": a.stage, "triage": {"level": a.triage_level}})


class AssessmentFindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentFinding

    assessment = factory.SubFactory(AssessmentFactory)
    code = Finding.MUSCLE_SPASM


# --- plans: plans and their versions ----------------------------------------------------------------


class PlanFactory(factory.django.DjangoModelFactory):
    """The episode's plan (an episode has one: asking again gets it)."""

    class Meta:
        model = Plan
        django_get_or_create = ("episode",)

    episode = factory.SubFactory(EpisodeFactory)


class PlanDraftFactory(factory.django.DjangoModelFactory):
    """The plan editor's saved draft of an episode's plan (an episode has at most one)."""

    class Meta:
        model = PlanDraft
        django_get_or_create = ("episode",)

    episode = factory.SubFactory(EpisodeFactory)
    based_on = 0
    content = factory.LazyFunction(lambda: {"exercises": [], "goals": [], "version": {}})
    saved_by = factory.SubFactory(StaffFactory, clinic=factory.SelfAttribute("..episode.patient.clinic"))


class PlanVersionFactory(factory.django.DjangoModelFactory):
    """The plan's next version (version 1 of a new plan unless ``plan=`` has versions)."""

    class Meta:
        model = PlanVersion

    plan = factory.SubFactory(PlanFactory)
    number = factory.LazyAttribute(lambda v: v.plan.versions.count() + 1 if v.plan.pk else 1)
    approved_at = factory.LazyFunction(timezone.now)
    approved_by = factory.SubFactory(
        StaffFactory, clinic=factory.SelfAttribute("..plan.episode.patient.clinic")
    )
    reason = factory.LazyAttribute(lambda v: "" if v.number == 1 else f"Progressed to version {v.number}")
    review_date = days_ahead(14)


class PlanExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanExercise

    version = factory.SubFactory(PlanVersionFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    order = factory.Sequence(lambda n: n + 1)
    sets = 2
    reps = 10
    times_per_day = 1
    days_per_week = 7


class PlanEducationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanEducation

    version = factory.SubFactory(PlanVersionFactory)
    item = factory.SubFactory(EducationItemFactory)


class PlanGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanGoal

    version = factory.SubFactory(PlanVersionFactory)
    measure = PlanGoal.Measure.NPRS
    target = Decimal(3)
    due_date = days_ahead(28)


# --- plans: visits and prompts ----------------------------------------------------------------------


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    episode = factory.SubFactory(EpisodeFactory)
    recorded_by = staff_of("episode")
    visit_date = days_ago(1)
    visit_time = factory.Sequence(lambda n: time(8 + n // 60 % 10, n % 60))
    nprs = 4


class ObjectiveMeasuresFactory(factory.django.DjangoModelFactory):
    """The examination at a visit: a straight-leg raise of 60 degrees on the left; ``graded=True``
    adds a lumbar flexion judged by eye (mildly reduced) instead of measured in degrees."""

    class Meta:
        model = ObjectiveMeasures

    class Params:
        graded = factory.Trait(lumbar_flexion_grade="mild")

    visit = factory.SubFactory(VisitFactory)
    episode = factory.SelfAttribute("visit.episode")
    slr_left = 60


class ClinicalNoteFactory(factory.django.DjangoModelFactory):
    """A draft daily note of a visit."""

    class Meta:
        model = ClinicalNote

    visit = factory.SubFactory(VisitFactory)
    episode = factory.SelfAttribute("visit.episode")
    kind = ClinicalNote.Kind.DAILY
    written_by = factory.SelfAttribute("visit.recorded_by")
    subjective = "Pain easing."


class VisitFindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitFinding

    visit = factory.SubFactory(VisitFactory)
    code = Finding.MUSCLE_SPASM


class VisitExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitExercise

    visit = factory.SubFactory(VisitFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    sets = 2
    reps = 10


class InterventionTypeFactory(factory.django.DjangoModelFactory):
    """A clinic's own intervention type; ``clinic=None`` makes a shared one."""

    class Meta:
        model = InterventionType

    name = factory.Sequence(lambda n: f"Intervention {n}")
    clinic = factory.SubFactory(ClinicFactory)


class VisitInterventionFactory(factory.django.DjangoModelFactory):
    """An intervention of the visit's own clinic, 15 minutes."""

    class Meta:
        model = VisitIntervention

    visit = factory.SubFactory(VisitFactory)
    intervention_type = factory.SubFactory(
        InterventionTypeFactory, clinic=factory.SelfAttribute("..visit.episode.patient.clinic")
    )
    minutes = 15


class PromptFactory(factory.django.DjangoModelFactory):
    """An open plateau prompt of a visit; ``kind=PromptKind.RED_FLAG`` needs a ``level=``."""

    class Meta:
        model = Prompt

    episode = factory.SubFactory(EpisodeFactory)
    visit = factory.SubFactory(VisitFactory, episode=factory.SelfAttribute("..episode"))
    kind = PromptKind.PLATEAU
    reasons = factory.LazyFunction(lambda: ["No change in pain for three weeks."])
    message = "No change in pain for three weeks."


# --- plans: the patient portal ----------------------------------------------------------------------


class HomeLogFactory(factory.django.DjangoModelFactory):
    """A home session logged against a version of the episode's plan."""

    class Meta:
        model = HomeLog
        skip_postgeneration_save = True

    episode = factory.SubFactory(EpisodeFactory)
    plan_version = factory.SubFactory(PlanVersionFactory, plan__episode=factory.SelfAttribute("...episode"))
    done_on = days_ago(1)
    pain_before = 3
    pain_after = 3

    @factory.post_generation
    def exercises(self, create, extracted, **kwargs):
        if create and extracted:
            self.exercises.set(extracted)


class QuestionnaireRequestFactory(factory.django.DjangoModelFactory):
    """Questionnaires sent and waiting; ``completed=True`` has the patient's answers."""

    class Meta:
        model = QuestionnaireRequest

    class Params:
        completed = factory.Trait(
            status=QuestionnaireRequest.Status.COMPLETED,
            completed_at=factory.LazyFunction(timezone.now),
            nprs=5,
        )

    episode = factory.SubFactory(EpisodeFactory)
    requested_by = staff_of("episode")


class ReferralFactory(factory.django.DjangoModelFactory):
    """A same-day referral for an urgent assessment."""

    class Meta:
        model = Referral

    episode = factory.SubFactory(EpisodeFactory)
    assessment = factory.SubFactory(
        AssessmentFactory, episode=factory.SelfAttribute("..episode"), triage_level=TriageLevel.URGENT
    )
    referred_to = "GP, High Street surgery"
    referred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=5))
    urgency = Referral.Urgency.SAME_DAY
    recorded_by = staff_of("episode")


class HoldOverrideFactory(factory.django.DjangoModelFactory):
    """A therapist's override of an urgent assessment's hold."""

    class Meta:
        model = HoldOverride

    episode = factory.SubFactory(EpisodeFactory)
    assessment = factory.SubFactory(
        AssessmentFactory, episode=factory.SelfAttribute("..episode"), triage_level=TriageLevel.URGENT
    )
    level = TriageLevel.URGENT
    reason = "Cleared by the GP by phone for gentle exercise."
    overridden_by = staff_of("episode")
