from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model

from clinic.models import Clinic, Membership
from clinic.roles import membership_grant
from patients.models import Episode, Patient
from plans.clinical.vocabulary import Mechanism, Onset, Region

PASSWORD = "correct-horse-battery"


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic

    name = factory.Sequence(lambda n: f"Clinic {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password(PASSWORD)


def make_staff(clinic: Clinic, role: Membership.Role = Membership.Role.THERAPIST, **user_fields):
    user = UserFactory(**user_fields)
    membership_grant(user=user, clinic=clinic, role=role)
    return user


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

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
    onset_date = factory.LazyFunction(lambda: date.today() - timedelta(days=10))
