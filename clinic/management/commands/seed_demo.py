"""Load demo data: a clinic, its staff, a patient with a portal login, a dozen patients and one
discharged episode with its goals met, partly met, not met and dropped."""

from datetime import date, timedelta
from typing import TextIO, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from tqdm import tqdm

from clinic import dates
from clinic.models import Clinic, Membership
from clinic.roles import membership_grant
from patients.models import Episode, Patient
from plans.clinical.vocabulary import Mechanism, Onset, Region, Sex
from plans.demo.bulk import NotDemoData, seed_patients
from plans.demo.people import busy_username
from plans.models import EducationItem, Exercise, InterventionType
from plans.selectors.plan_editor import editor_initial_from_suggestion
from plans.services import plan_versions as services
from plans.services.assessments import AssessmentEntry, assessment_record
from plans.services.demo_discharge import RECORD as DISCHARGED_RECORD
from plans.services.demo_discharge import demo_discharged_episode
from plans.services.visits import VisitEntry, visit_record

DEMO_PASSWORD = "upright-demo"

# fmt: off
DEMO_PATIENTS = [
    # record, given, family, born, sex, region, onset, mechanism, days since onset, recurrent
    (
        "R-1001",
        "Maria",
        "Lopez",
        date(1981, 4, 12),
        Sex.FEMALE,
        Region.LUMBAR,
        Onset.SUDDEN,
        Mechanism.LIFTING,
        10,
        False,
    ),
    (
        "R-1002",
        "James",
        "Okafor",
        date(1958, 9, 3),
        Sex.MALE,
        Region.LUMBAR,
        Onset.GRADUAL,
        Mechanism.NONE,
        120,
        True,
    ),
    (
        "R-1003",
        "Aiko",
        "Tanaka",
        date(1992, 1, 27),
        Sex.FEMALE,
        Region.THORACIC,
        Onset.GRADUAL,
        Mechanism.NONE,
        50,
        False,
    ),
    (
        "R-1004",
        "Peter",
        "Novak",
        date(1947, 6, 15),
        Sex.MALE,
        Region.LUMBAR,
        Onset.GRADUAL,
        Mechanism.NONE,
        200,
        True,
    ),
    (
        "R-1005",
        "Fatima",
        "Haddad",
        date(1975, 11, 2),
        Sex.FEMALE,
        Region.LUMBAR,
        Onset.SUDDEN,
        Mechanism.AWKWARD_MOVEMENT,
        5,
        False,
    ),
    (
        "R-1006",
        "Liam",
        "Murphy",
        date(1999, 3, 8),
        Sex.MALE,
        Region.LUMBAR,
        Onset.SUDDEN,
        Mechanism.SPORTS_INJURY,
        21,
        False,
    ),
    (
        "R-1007",
        "Grace",
        "Chen",
        date(1965, 7, 19),
        Sex.FEMALE,
        Region.THORACIC,
        Onset.SUDDEN,
        Mechanism.FALL,
        14,
        False,
    ),
    (
        "R-1008",
        "Omar",
        "Farouk",
        date(1988, 12, 30),
        Sex.MALE,
        Region.LUMBAR,
        Onset.GRADUAL,
        Mechanism.STRESS,
        70,
        True,
    ),
    (
        "R-1009",
        "Sofia",
        "Rossi",
        date(1970, 2, 14),
        Sex.FEMALE,
        Region.LUMBAR,
        Onset.SUDDEN,
        Mechanism.STRENUOUS_EXERCISE,
        30,
        False,
    ),
    (
        "R-1010",
        "Noah",
        "Schmidt",
        date(1953, 10, 5),
        Sex.MALE,
        Region.LUMBAR,
        Onset.GRADUAL,
        Mechanism.NONE,
        400,
        True,
    ),
    (
        "R-1011",
        "Chloe",
        "Martin",
        date(2001, 5, 23),
        Sex.FEMALE,
        Region.LUMBAR,
        Onset.SUDDEN,
        Mechanism.VEHICLE_COLLISION,
        9,
        False,
    ),
    (
        "R-1012",
        "Ravi",
        "Patel",
        date(1979, 8, 11),
        Sex.MALE,
        Region.LUMBAR,
        Onset.GRADUAL,
        Mechanism.NONE,
        95,
        False,
    ),
]
# fmt: on

# Clinical history for some demo episodes: record -> (assessed days ago, NPRS, ODI sections, findings,
# visits as (days ago, NPRS, new findings)).
DEMO_CARE = {
    "R-1001": (
        8,
        6,
        (2, 1, 2, 1, 2, 2, 1, None, 2, 3),
        {"muscle_spasm", "pain_with_movement"},
        [(3, 5, set())],
    ),
    "R-1002": (
        45,
        5,
        (2, 2, 2, 2, 2, 2, 1, None, 2, 2),
        {"osteoarthritis", "previous_episodes"},
        [(38, 5, set()), (31, 5, set()), (12, 4, set())],
    ),
    "R-1005": (4, 5, None, {"localized_tenderness", "muscle_spasm"}, [(1, 8, set())]),
    "R-1008": (
        60,
        7,
        (3, 2, 3, 2, 3, 2, 2, None, 2, 3),
        {"sedentary", "previous_episodes"},
        [(50, 6, set()), (40, 4, set()), (30, 3, {"progressive_weakness"})],
    ),
}


class Command(BaseCommand):
    help = "Load demo data (idempotent) and print the demo logins; --patients N makes N more at scale."

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, help="Make N demo patients with their care, in bulk.")
        parser.add_argument("--seed", type=int, default=0, help="The seed of the bulk demo data (default 0).")
        parser.add_argument("--force", action="store_true", help="Add bulk demo data beside other patients.")

    def handle(self, *args, **options):
        if options["patients"] is not None:
            return self._bulk(options["patients"], options["seed"], options["force"])
        return self._small_demo()

    def _bulk(self, patients, seed, force):
        if patients < 1:
            raise CommandError("--patients needs a number of patients, 1 or more.")
        small_demo = Q(
            clinic__name__in=["Riverside Physiotherapy", "Hillside Spine Clinic"],
            record_number__in=[row[0] for row in DEMO_PATIENTS] + ["H-2001", DISCHARGED_RECORD],
        )
        tqdm.monitor_interval = 0  # no monitor thread alive when the seed forks its makers
        try:
            # tqdm redraws its line with "\r", so it writes to the stream under Django's line-ending wrapper.
            with tqdm(
                total=patients, desc="Patients", unit=" patients", file=cast(TextIO, self.stderr._out)
            ) as bar:
                written = seed_patients(
                    patients=patients,
                    seed=seed,
                    password_hash=make_password(DEMO_PASSWORD),
                    force=force,
                    also_demo=small_demo,
                    progress=lambda done, total: bar.update(done - bar.n),
                )
        except NotDemoData as refused:
            raise CommandError(str(refused)) from None
        made = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in written.items() if count)
        self.stdout.write(self.style.SUCCESS(f"Demo seed {seed}: {made or 'nothing new (already there)'}."))
        self.stdout.write(
            f"  {busy_username(seed)} / {DEMO_PASSWORD}   the therapist with the largest caseload"
        )

    @transaction.atomic
    def _small_demo(self):
        users = get_user_model().objects
        clinic, _ = Clinic.objects.get_or_create(name="Riverside Physiotherapy")
        other_clinic, _ = Clinic.objects.get_or_create(name="Hillside Spine Clinic")

        staff = {}
        for username, first_name, last_name, where, role in (
            ("therapist", "Tessa", "Reed", clinic, Membership.Role.THERAPIST),
            ("therapist2", "Ben", "Adeyemi", clinic, Membership.Role.THERAPIST),
            ("frontdesk", "Alex", "Kim", clinic, Membership.Role.ADMIN_STAFF),
            ("lead", "Lena", "Fox", clinic, Membership.Role.CLINICAL_LEAD),
            ("manager", "Pam", "Okoro", clinic, Membership.Role.PRACTICE_MANAGER),
            ("hillside", "Hana", "Berg", other_clinic, Membership.Role.THERAPIST),
        ):
            staff[username] = self._user(users, username, first_name, last_name)
            membership_grant(user=staff[username], clinic=where, role=role)
        therapist, colleague = staff["therapist"], staff["therapist2"]
        portal_user = self._user(users, "patient", "Maria", "Lopez")

        today = dates.today()
        total = len(DEMO_PATIENTS)
        for number, row in enumerate(DEMO_PATIENTS, start=1):
            record, given, family, born, sex, region, onset, mechanism, days, recurrent = row
            patient, _ = Patient.objects.update_or_create(
                clinic=clinic,
                record_number=record,
                defaults={
                    "given_name": given,
                    "family_name": family,
                    "date_of_birth": born,
                    "sex": sex,
                    "email": f"{given.lower()}.{family.lower()}@example.com",
                    "primary_therapist": therapist if number % 3 else colleague,
                },
            )
            if not patient.episodes.exists():
                Episode.objects.create(
                    patient=patient,
                    region=region,
                    onset=onset,
                    mechanism=mechanism,
                    onset_date=today - timedelta(days=days),
                    recurrent=recurrent,
                )
            if record == "R-1001" and patient.portal_user_id is None:
                patient.portal_user = portal_user
                patient.save(update_fields=["portal_user"])
            if record in DEMO_CARE:
                self._care(patient.episodes.get(), therapist, *DEMO_CARE[record])
            self.stdout.write(f"\rPatients: {number}/{total}", ending="")
        self.stdout.write("")
        demo_discharged_episode(clinic=clinic, therapist=therapist)  # Helen Ward, with a discharge summary
        Patient.objects.get_or_create(
            clinic=other_clinic,
            record_number="H-2001",
            defaults={"given_name": "Olga", "family_name": "Ivanova", "date_of_birth": date(1960, 1, 1)},
        )

        self.stdout.write(self.style.SUCCESS("Demo data loaded. Log in at http://127.0.0.1:8000/ with:"))
        for username, who in [
            ("therapist", "therapist at Riverside Physiotherapy"),
            ("therapist2", "second therapist at Riverside Physiotherapy"),
            ("frontdesk", "admin staff at Riverside Physiotherapy (uses /admin/)"),
            ("lead", "clinical lead at Riverside Physiotherapy (sets the clinic's thresholds)"),
            ("manager", "practice manager at Riverside Physiotherapy (staff accounts and roles, /admin/)"),
            ("hillside", "therapist at Hillside Spine Clinic (sees none of Riverside's patients)"),
            ("patient", "patient portal login of Maria Lopez"),
        ]:
            self.stdout.write(f"  {username:<11} / {DEMO_PASSWORD}   {who}")

    def _care(self, episode, therapist, assessed_ago, nprs, odi, findings, visits):
        """An assessment, the suggested plan approved as version 1, and some visits (once)."""
        if episode.assessments.exists():
            return
        today = dates.today()
        assessment = assessment_record(
            episode=episode,
            entry=AssessmentEntry(
                kind="initial",
                assessed_on=max(episode.onset_date, today - timedelta(days=assessed_ago)),
                region=episode.region,
                onset=episode.onset,
                mechanism=episode.mechanism,
                recurrent=episode.recurrent,
                pain_distribution="back_only",
                nprs_current=nprs,
                odi_sections=odi,
                findings=frozenset(findings),
            ),
            user=therapist,
        )
        initial = editor_initial_from_suggestion(assessment)
        exercises = Exercise.objects.in_bulk([row["exercise"] for row in initial["exercises"]])
        services.plan_version_approve(
            episode=episode,
            content=services.PlanContent(
                review_date=initial["version"]["review_date"],
                exercises=[{**row, "exercise": exercises[row["exercise"]]} for row in initial["exercises"]],
                education=list(EducationItem.objects.filter(pk__in=initial["version"]["education"])),
                goals=[{**goal, "due_date": max(goal["due_date"], today)} for goal in initial["goals"]],
                activity_advice=initial["version"]["activity_advice"],
            ),
            user=therapist,
            assessment=assessment,
        )
        # What the demo therapist did at each visit, from the shared interventions.
        treatment = tuple(
            (InterventionType.objects.get(clinic=None, name=name), minutes)
            for name, minutes in (("Manual therapy", 15), ("Supervised exercise", 20))
        )
        for days_ago, visit_nprs, visit_findings in visits:
            visit_record(
                episode=episode,
                entry=VisitEntry(
                    visit_date=today - timedelta(days=days_ago),
                    nprs=visit_nprs,
                    findings=frozenset(visit_findings),
                    adherence_percent=70,
                    interventions=treatment,
                ),
                user=therapist,
            )

    def _user(self, users, username, first_name, last_name):
        user, created = users.get_or_create(
            username=username, defaults={"first_name": first_name, "last_name": last_name}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.email = f"{username}@example.com"
            user.save()
        return user
