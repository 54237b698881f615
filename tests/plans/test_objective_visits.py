"""Objective measures recorded at a visit: stored, turned into the findings the red-flag screen reads,
shown on the visit page with out-of-range values in words, refused per field when out of range, and
the page's query count fixed as measures are added."""

from __future__ import annotations

from django.urls import reverse

from plans.clinical.vocabulary import Finding
from plans.models import ObjectiveMeasures, Visit
from tests.plans.test_objective_measures import _queries
from tests.plans.test_visits import _visit, treated_episode  # noqa: F401 (a fixture)


def _detail(client, visit):
    return client.get(reverse("plans:visit_detail", args=[visit.code]))


def test_visit_measures_feed_the_red_flag_screen_and_show(therapist_client, therapist, treated_episode):  # noqa: F811
    response = _visit(
        therapist_client, treated_episode, 2, nprs="5", myotome_l4_left="3", reflex_knee_right="brisk",
        slr_right="80", slr_right_leg_pain="on",
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    visit = Visit.objects.get()
    assert visit.objective.myotome_l4_left == 3
    assert visit.objective.history.get().history_user == therapist
    codes = set(visit.findings.values_list("code", flat=True))
    assert codes == {Finding.WEAKNESS, Finding.HYPERREFLEXIA}  # SLR at 80° is not positive
    assert visit.prompts.filter(kind="red_flag").exists()
    html = _detail(therapist_client, visit).content.decode()
    assert "Muscle weakness (from objective measures)" in html
    assert "Outside normal: brisk reflex (normal expected)" in html
    assert "Straight-leg raise right (degrees)</th><td>80°</td><td>70-90°</td><td>Within normal" in html
    assert "Knee reflex (L3/4) right</th><td>Brisk</td><td>present, not brisk</td>" in html


def test_visit_without_measures_stores_none(therapist_client, treated_episode):  # noqa: F811
    assert _visit(therapist_client, treated_episode, 2, nprs="5").status_code == 302
    assert not ObjectiveMeasures.objects.exists()
    assert (
        'data-testid="objective-measures"'
        not in _detail(therapist_client, Visit.objects.get()).content.decode()
    )


def test_visit_refuses_out_of_range_per_field(therapist_client, treated_episode):  # noqa: F811
    response = _visit(therapist_client, treated_episode, 2, nprs="5", slr_left="95", myotome_l3_right="9")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["slr_left"] == ["Enter 0 to 90."] and errors["myotome_l3_right"] == ["Enter 0 to 5."]
    assert not Visit.objects.exists()


def test_visit_form_has_the_section(therapist_client, treated_episode):  # noqa: F811
    html = therapist_client.get(reverse("plans:visit_create", args=[treated_episode.code])).content.decode()
    assert "Objective measures (optional)</summary>" in html


def test_visit_page_queries_stay_fixed(therapist_client, treated_episode, django_assert_max_num_queries):  # noqa: F811
    _visit(therapist_client, treated_episode, 3, nprs="5")
    every_normal = {
        f"myotome_{root}_{side}": "5" for root in ("l2", "l3", "l4", "l5", "s1") for side in ("left", "right")
    }
    every_normal |= {
        "reflex_knee_left": "normal",
        "reflex_ankle_right": "normal",
        "slr_left": "85",
        "slump_left": "negative",
    }
    # Measures that raise no finding, so that the page differs only by the measures it shows.
    _visit(
        therapist_client,
        treated_episode,
        2,
        nprs="5",
        lumbar_flexion="30",
        lumbar_extension="10",
        **every_normal,
    )
    # A later visit without measures: its page reads the same home-log window as the measured one.
    _visit(therapist_client, treated_episode, 1, nprs="5")
    measured, plain = Visit.objects.order_by("visit_date")[1:]
    plain_url, measured_url = (reverse("plans:visit_detail", args=[v.code]) for v in (plain, measured))
    assert _queries(therapist_client, measured_url) == _queries(therapist_client, plain_url)
    with django_assert_max_num_queries(30):
        page = therapist_client.get(measured_url)
    assert page.content.decode().count("Outside normal:") == 2
    assert page.content.decode().count("Within normal") == 14
