"""Objective measures recorded at an assessment through the real form: stored with their history,
turned into the findings the engine reads, shown with out-of-range values in words, and refused
per field when outside their ranges (form and database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from plans.clinical.vocabulary import Finding
from plans.models import Assessment, ObjectiveMeasures
from tests.factories import EpisodeFactory
from tests.plans.conftest import assessment_post_data

TODAY = date.today()


@pytest.fixture
def episode(patient):
    return EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))


def _post(client, episode, **fields):
    url = reverse("plans:assessment_create", args=[episode.code])
    return client.post(url, assessment_post_data(**fields))


def _record(client, episode, **fields) -> Assessment:
    response = _post(client, episode, **fields)
    assert response.status_code == 302, response.context["form"].errors
    return Assessment.objects.latest("id")


NEURO_DEFICIT = {
    "lumbar_flexion": "40",
    "slr_left": "45",
    "slr_left_leg_pain": "on",
    "myotome_l5_left": "4",
    "dermatome_l5_left": "reduced",
    "reflex_ankle_left": "absent",
}


def test_untouched_section_records_nothing(therapist_client, episode):
    assessment = _record(therapist_client, episode)
    assert not ObjectiveMeasures.objects.filter(assessment=assessment).exists()
    page = therapist_client.get(reverse("plans:assessment_detail", args=[assessment.code]))
    assert 'data-testid="objective-measures"' not in page.content.decode()


def test_measures_feed_findings_and_show_on_the_page(therapist_client, therapist, episode):
    assessment = _record(therapist_client, episode, **NEURO_DEFICIT)
    measures = assessment.objective
    assert (measures.lumbar_flexion, measures.slr_left, measures.slr_left_leg_pain) == (40, 45, True)
    assert measures.myotome_l5_left == 4 and measures.reflex_ankle_left == "absent"
    assert measures.history.get().history_user == therapist
    codes = set(assessment.findings.values_list("code", flat=True))
    assert {Finding.WEAKNESS, Finding.NUMBNESS, Finding.REFLEX_LOSS, Finding.POSITIVE_SLR} <= codes
    assert Finding.HYPERREFLEXIA not in codes
    # The engine read them: weakness with leg pain is in the suggestion's findings-driven triage input.
    assert assessment.suggestion["triage"]["level"] != "none" or assessment.suggestion["causes"]

    html = therapist_client.get(reverse("plans:assessment_detail", args=[assessment.code])).content.decode()
    assert "Muscle weakness (from objective measures)" in html
    assert "Outside normal: below normal (60°)" in html
    assert "Outside normal: positive: leg pain below 70°" in html
    assert "Outside normal: weak (normal 5)" in html
    assert "Outside normal: absent reflex (normal expected)" in html
    assert "Muscle spasm (from objective measures)" not in html


def test_typed_and_measured_finding_is_kept_once(therapist_client, episode):
    assessment = _record(therapist_client, episode, findings_neurological=["weakness"], myotome_l4_right="3")
    assert assessment.findings.filter(code=Finding.WEAKNESS).count() == 1


def test_normal_measures_add_no_finding(therapist_client, episode):
    assessment = _record(
        therapist_client, episode, myotome_l4_left="5", reflex_knee_left="normal", slr_right="70",
        slr_right_leg_pain="on", lumbar_flexion="60",
    )  # fmt: skip
    assert set(assessment.findings.values_list("code", flat=True)) == {
        "muscle_spasm", "localized_tenderness", "pain_with_movement"
    }  # fmt: skip
    html = therapist_client.get(reverse("plans:assessment_detail", args=[assessment.code])).content.decode()
    assert "Outside normal" not in html and "Within normal" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("slr_left", "91", "Enter 0 to 90."), ("myotome_s1_right", "6", "Enter 0 to 5."),
     ("lumbar_flexion", "-1", "Enter 0 to 120."), ("reflex_knee_left", "hyper", "Select a valid choice.")],
)  # fmt: skip
def test_out_of_range_values_are_refused_per_field(therapist_client, episode, field, value, message):
    response = _post(therapist_client, episode, **{field: value})
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert not Assessment.objects.exists()


def test_leg_pain_without_an_angle_is_refused(therapist_client, episode):
    response = _post(therapist_client, episode, slr_right_leg_pain="on")
    assert response.context["form"].errors["slr_right"] == ["Enter the angle at which the leg pain came on."]


@pytest.mark.parametrize(
    ("field", "value"), [("slr_left", 91), ("myotome_l2_left", 6), ("lumbar_extension", 121),
                         ("dermatome_l3_right", "tingly"), ("reflex_ankle_right", "x")],
)  # fmt: skip
def test_database_refuses_bad_values(therapist_client, episode, field, value):
    assessment = _record(therapist_client, episode)
    with pytest.raises(IntegrityError), transaction.atomic():
        ObjectiveMeasures.objects.create(assessment=assessment, episode=episode, **{field: value})


def test_measures_belong_to_exactly_one_record(therapist_client, episode):
    with pytest.raises(IntegrityError), transaction.atomic():
        ObjectiveMeasures.objects.create(episode=episode)


def test_form_section_is_labelled(therapist_client, episode):
    html = therapist_client.get(reverse("plans:assessment_create", args=[episode.code])).content.decode()
    assert '<summary class="h5">Objective measures (optional)</summary>' in html
    assert 'legend class="h6 float-none w-auto px-1">Myotomes (Oxford 0-5; 5 is normal)</legend>' in html
    assert 'for="id_slr_left"' in html and 'id="id_slr_left"' in html


def test_other_clinic_gets_404_and_admin_staff_403(client, episode, therapist_client, outsider, admin_staff):
    assessment = _record(therapist_client, episode, **NEURO_DEFICIT)
    url = reverse("plans:assessment_detail", args=[assessment.code])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(admin_staff)
    assert client.get(url).status_code == 403


def _queries(client, url) -> int:
    """Queries a page makes (counted at the cursor: the test client's request signal clears Django's
    own query log)."""
    sql: list[str] = []

    def count(execute, query, params, many, context):
        sql.append(query)
        return execute(query, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(url).status_code == 200
    return len(sql)


def test_detail_queries_do_not_grow_with_measures(therapist_client, episode, django_assert_max_num_queries):
    plain = _record(therapist_client, episode)
    more = {"myotome_l2_left": "3", "dermatome_s1_right": "absent"}
    full = _record(therapist_client, episode, **NEURO_DEFICIT, **more)
    plain_url, full_url = (reverse("plans:assessment_detail", args=[a.code]) for a in (plain, full))
    assert _queries(therapist_client, full_url) == _queries(therapist_client, plain_url)
    with django_assert_max_num_queries(30):
        page = therapist_client.get(full_url)
    assert page.content.decode().count("Outside normal:") == 7
