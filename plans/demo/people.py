"""The demo clinics and their therapists (a few rows, written one by one), and each demo patient with
their episodes of care (unsaved rows, from the patient's own seeded generator)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from clinic.models import Clinic, Membership
from clinic.roles import membership_grant
from patients.models import Episode, Patient
from plans.clinical.vocabulary import Onset, Region, Sex
from plans.demo import names
from plans.demo.care import ClinicContext, Rows, at, code_of, stamp
from plans.demo.course import Window, episode_course, pick
from plans.selectors.library import progress_thresholds, stage_thresholds

# Episodes per patient: 1-4, about 2.4 on average; the latest is still open for about 3 in 5.
EPISODE_COUNTS = ((22, 1), (30, 2), (30, 3), (18, 4))
OPEN_SHARE = 0.62
# The busy therapist's share of patients: about 500 open episodes for 5,000 patients.
BUSY_SHARE = 0.182
APOSTROPHE = "'"


def clinic_name(name: str, seed: int) -> str:
    return f"{name} {names.DEMO_MARK} {seed})"


def record_number(seed: int, index: int) -> str:
    return f"D{seed}-{index + 1:06d}"


def busy_username(seed: int) -> str:
    return f"demo{seed}-busy"


def demo_clinics(seed: int, password_hash: str) -> list[ClinicContext]:
    """The seed's clinics, each with its therapists; the first therapist of the first clinic is the
    busy one. Created once; found again by name on a later run."""
    rng = random.Random(f"{seed}:staff")
    users = get_user_model().objects
    contexts = []
    for number, name in enumerate(names.CLINICS):
        clinic, _ = Clinic.objects.get_or_create(name=clinic_name(name, seed))
        therapists = []
        for k in range(names.THERAPISTS_PER_CLINIC):
            username = busy_username(seed) if number == k == 0 else f"demo{seed}-c{number + 1}-t{k + 1}"
            given = rng.choice(names.GIVEN_FEMALE + names.GIVEN_MALE)
            family = rng.choice(names.FAMILY)
            user, created = users.get_or_create(
                username=username,
                defaults={"first_name": given, "last_name": family, "email": f"{username}@example.com"},
            )
            if created:
                user.password = password_hash  # one hash for every demo login: hashing is slow
                user.save(update_fields=["password"])
            membership_grant(user=user, clinic=clinic, role=Membership.Role.THERAPIST)
            therapists.append(user)
        contexts.append(
            ClinicContext(clinic, therapists, progress_thresholds(clinic), stage_thresholds(clinic))
        )
    return contexts


def _born(rng: random.Random, today: date) -> date:
    _, low, high = rng.choices(names.AGE_BANDS, weights=[band[0] for band in names.AGE_BANDS])[0]
    return today - timedelta(days=rng.randint(low * 365 + 1, high * 365 + 300))


def patient_rows(demo, index: int, rows: Rows) -> None:
    """Patient ``index`` of the seed, with their episodes and everything recorded in them."""
    rng = random.Random(f"{demo.seed}:{index}")
    today = demo.today
    if rng.random() < BUSY_SHARE:
        where, therapist = demo.clinics[0], demo.clinics[0].therapists[0]
    else:
        where = rng.choice(demo.clinics)
        therapist = rng.choice(where.therapists[1:] if where is demo.clinics[0] else where.therapists)
    sex = rng.choices((Sex.FEMALE, Sex.MALE, Sex.OTHER), weights=(56, 43, 1))[0]
    given = rng.choice(names.GIVEN_MALE if sex == Sex.MALE else names.GIVEN_FEMALE)
    family = rng.choice(names.FAMILY)
    count = pick(rng, EPISODE_COUNTS)
    last_open = rng.random() < OPEN_SHARE
    windows: list[tuple[date, Window]] = []
    cursor = today
    for number in reversed(range(count)):
        if last_open and number == count - 1:
            onset = cursor - timedelta(days=rng.randint(10, 150))
            windows.append((onset, Window(today, True, today)))
        else:
            discharge = cursor - timedelta(days=rng.randint(20, 260))
            onset = discharge - timedelta(days=rng.randint(25, 110))
            windows.append((onset, Window(discharge, False, today)))
        cursor = onset
    born = min(_born(rng, today), windows[-1][0] - timedelta(days=18 * 365))
    registered = at(windows[-1][0], 8)
    patient = Patient(
        code=code_of(rng),
        clinic=where.clinic,
        record_number=record_number(demo.seed, index),
        given_name=given,
        family_name=family,
        date_of_birth=born,
        sex=sex,
        email=f"{given.lower()}.{family.lower().replace(APOSTROPHE, '')}.{index + 1}@example.com",
        phone=f"07700 9{rng.randint(0, 99999):05d}",
        primary_therapist=therapist,
    )
    rows.patients.append(stamp(patient, therapist, registered))
    for onset, window in reversed(windows):
        episode = Episode(
            code=code_of(rng),
            patient=patient,
            region=Region.THORACIC if rng.random() < 0.12 else Region.LUMBAR,
            onset_date=onset,
            onset=Onset.SUDDEN if rng.random() < 0.55 else Onset.GRADUAL,
            mechanism=pick(rng, names.MECHANISMS),
            recurrent=rng.random() < 0.35,
        )
        episode_course(rng, rows, demo=demo, where=where, patient=patient, episode=episode,
                       therapist=therapist, window=window)  # fmt: skip
        rows.episodes.append(stamp(episode, therapist, at(onset, 8)))
