"""Amending a visit's objective measures: the findings are derived again, the red flags and
judgements follow, the history keeps the old values and shows them as amended, and a bad value is
refused on its field with nothing saved (an assessment's: test_assessment_amend_scores)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from plans.clinical.vocabulary import Finding
from plans.models import ObjectiveMeasures, Prompt, Visit, VisitFinding
from tests.factories import EpisodeFactory, PatientFactory
from tests.plans.test_objective_measures import _queries
from tests.plans.test_visits import TODAY, _baseline, _plan, _visit

REASON = "Read the wrong side of the sheet."
NORMAL_EXAM = {"myotome_l4_left": "5", "reflex_knee_left": "normal", "dermatome_l5_left": "normal"}
DEFICIT = {"myotome_l4_left": "3", "reflex_knee_left": "absent"}


@pytest.fixture
def treated_episode(patient, therapist):
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))
    _baseline(episode, therapist)  # NPRS 7, ODI 44%
    _plan(episode, therapist)
    return episode


@pytest.fixture
def examined(therapist_client, treated_episode):
    """A visit 33 days ago with pain 6 and a normal examination: no finding, no red flag."""
    assert _visit(therapist_client, treated_episode, 33, nprs="6", **NORMAL_EXAM).status_code == 302
    return Visit.objects.get()


def _prefilled(client, url) -> dict:
    """What the browser posts from the amendment form as it opens: the saved values."""
    form = client.get(url).context["form"]
    data: dict = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value is not None and value is not False:
            data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


def _amend(client, record, *, reason=REASON, **fields):
    name = "plans:visit_amend" if isinstance(record, Visit) else "plans:assessment_amend"
    url = reverse(name, args=[record.code])
    data = {**_prefilled(client, url), "reason": reason, **fields}
    return client.post(url, {k: v for k, v in data.items() if v is not None})


def _history(client, record) -> str:
    name = "plans:visit_history" if isinstance(record, Visit) else "plans:assessment_history"
    return client.get(reverse(name, args=[record.code])).content.decode()


def _row(label, before, after) -> str:
    return f'<th scope="row">{label}</th><td>{before}</td><td>{after}</td>'


def _codes(record) -> set[str]:
    return set(record.findings.values_list("code", flat=True))


def test_a_corrected_measure_raises_the_red_flag_a_visit_with_it_raises(
    therapist_client, therapist, clinic, examined
):
    assert not _codes(examined) and not examined.prompts.filter(kind="red_flag").exists()
    response = _amend(therapist_client, examined, **DEFICIT)
    assert response.status_code == 302, response.context["form"].errors

    examined.refresh_from_db()
    assert (examined.objective.myotome_l4_left, examined.objective.reflex_knee_left) == (3, "absent")
    assert _codes(examined) == {Finding.WEAKNESS, Finding.REFLEX_LOSS}
    flag = examined.prompts.get(kind="red_flag")
    # The same prompt as a visit recorded with these measures raises.
    other = EpisodeFactory(
        patient=PatientFactory(clinic=clinic, primary_therapist=therapist),
        onset_date=TODAY - timedelta(days=50),
    )
    _baseline(other, therapist)
    _plan(other, therapist)
    assert _visit(therapist_client, other, 33, nprs="6", **NORMAL_EXAM | DEFICIT).status_code == 302
    recorded = Prompt.objects.get(visit__episode=other, kind="red_flag")
    assert (flag.status, flag.level, flag.reasons, flag.message) == (
        "open", recorded.level, recorded.reasons, recorded.message,
    )  # fmt: skip

    old, new = examined.objective.history.order_by("history_date")
    assert (old.myotome_l4_left, new.myotome_l4_left) == (5, 3)
    assert new.history_change_reason == REASON and new.history_user == therapist
    history = _history(therapist_client, examined)
    assert REASON in history
    assert _row("L4 ankle dorsiflexion left (Oxford 0-5)", 5, 3) in history
    assert _row("Knee reflex (L3/4) left", "Normal", "Absent") in history
    assert _row("Findings", "—", "Muscle weakness, Reduced or absent reflex") in history
    page = therapist_client.get(response["Location"]).content.decode()
    assert "Amended on" in page and "Muscle weakness (from objective measures)" in page


def test_a_finding_the_corrected_measures_no_longer_show_is_taken_off_and_kept(
    therapist_client, treated_episode
):
    _visit(
        therapist_client, treated_episode, 33, nprs="6", findings_neurological=["tingling"],
        reflex_knee_left="absent",
    )  # fmt: skip
    visit = Visit.objects.get()
    assert _codes(visit) == {Finding.TINGLING, Finding.REFLEX_LOSS}
    prompts_before = list(visit.prompts.values_list("kind", "status"))

    assert _amend(therapist_client, visit, reflex_knee_left="normal").status_code == 302
    assert _codes(visit) == {Finding.TINGLING}  # the finding ticked by hand stays
    gone = VisitFinding.history.get(visit_id=visit.pk, code=Finding.REFLEX_LOSS, history_type="-")
    assert gone.history_change_reason == REASON
    # A red flag is closed only by its referral: what was raised stays as it was.
    assert list(visit.prompts.values_list("kind", "status")) == prompts_before
    history = _history(therapist_client, visit)
    assert (
        _row(
            "Findings",
            "Reduced or absent reflex, Tingling or pins and needles",
            "Tingling or pins and needles",
        )
        in history
    )


def test_bad_measures_are_refused_field_by_field_and_nothing_is_saved(therapist_client, examined):
    response = _amend(therapist_client, examined, nprs="2", myotome_l4_left="9", slr_left_leg_pain="on")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["myotome_l4_left"] == ["Enter 0 to 5."]
    assert errors["slr_left"] == ["Enter the angle at which the leg pain came on."]
    visit = Visit.objects.get()
    assert (visit.nprs, visit.version, visit.amended_at) == (6, examined.version, None)
    assert visit.objective.myotome_l4_left == 5 and visit.objective.history.count() == 1


def test_measures_first_taken_at_the_amendment_and_cleared_again(therapist_client, treated_episode):
    _visit(therapist_client, treated_episode, 33, nprs="6")
    visit = Visit.objects.get()
    assert _amend(therapist_client, visit, dermatome_l5_left="reduced").status_code == 302
    assert visit.objective.dermatome_l5_left == "reduced" and _codes(visit) == {Finding.NUMBNESS}
    assert visit.objective.history.get().history_change_reason == REASON
    assert _row("L5 sensation left", "—", "Reduced") in _history(therapist_client, visit)

    # Cleared: the row stays as "not tested", the old value in its history.
    assert (
        _amend(therapist_client, visit, dermatome_l5_left="", reason="Not tested after all.").status_code
        == 302
    )
    measures = ObjectiveMeasures.objects.get(visit=visit)
    assert measures.dermatome_l5_left == "" and not _codes(visit)
    assert [h.dermatome_l5_left for h in measures.history.order_by("history_date")] == ["reduced", ""]


def test_only_the_recorder_or_the_lead_may_amend_the_measures(client, colleague, outsider, lead, examined):
    url = reverse("plans:visit_amend", args=[examined.code])
    data = {"visit_date": examined.visit_date.isoformat(), "nprs": "6", "reason": REASON}
    data |= {"version": examined.version, **NORMAL_EXAM, **DEFICIT}
    client.force_login(colleague)
    assert client.post(url, data).status_code == 403
    client.force_login(outsider)
    assert client.post(url, data).status_code == 404
    assert ObjectiveMeasures.objects.get().myotome_l4_left == 5 and not _codes(examined)
    client.force_login(lead)
    assert client.post(url, data).status_code == 302
    assert ObjectiveMeasures.objects.get().myotome_l4_left == 3


def test_amend_and_history_pages_queries_stay_fixed(therapist_client, examined):
    amend_url = reverse("plans:visit_amend", args=[examined.code])
    history_url = reverse("plans:visit_history", args=[examined.code])
    _amend(therapist_client, examined, **DEFICIT)
    amend_once, history_once = _queries(therapist_client, amend_url), _queries(therapist_client, history_url)
    for grade in ("4", "2", "5"):
        visit = Visit.objects.get()
        assert (
            _amend(therapist_client, visit, myotome_l5_right=grade, reason=f"L5 right {grade}.").status_code
            == 302
        )
    assert _queries(therapist_client, amend_url) == amend_once <= 6  # as before the measures
    assert _queries(therapist_client, history_url) == history_once <= 9  # + the measures', findings' history
    assert _history(therapist_client, examined).count("L5 big-toe extension right (Oxford 0-5)") == 3


def test_an_open_red_flag_is_brought_up_to_date_and_its_history_kept(
    therapist_client, therapist, treated_episode
):
    _visit(therapist_client, treated_episode, 33, nprs="6", reflex_knee_left="absent")
    visit = Visit.objects.get()
    flag = visit.prompts.get(kind="red_flag")
    said = (flag.level, flag.reasons, flag.message)
    assert _amend(therapist_client, visit, myotome_l4_left="3", dermatome_l5_left="absent").status_code == 302
    flag.refresh_from_db()
    assert flag.status == "open" and (flag.level, flag.reasons, flag.message) != said
    assert visit.prompts.filter(kind="red_flag").count() == 1
    old, new = flag.history.order_by("history_date")
    assert (old.level, old.reasons, old.message) == said and new.history_user == therapist
    assert new.history_change_reason.startswith("Judged again after the amendment")


def test_measures_amended_meanwhile_are_named_and_the_typed_ones_kept(therapist_client, lead, examined):
    url = reverse("plans:visit_amend", args=[examined.code])
    opened = _prefilled(therapist_client, url)
    lead_client = Client()
    lead_client.force_login(lead)
    assert _amend(lead_client, examined, myotome_l4_left="4", reason="Lead: grade 4.").status_code == 302

    response = therapist_client.post(url, {**opened, "myotome_l4_left": "3", "reason": REASON})
    assert response.status_code == 409
    assert response.context["form"].errors["myotome_l4_left"] == ["Saved now: “4”."]
    assert 'name="myotome_l4_left" value="3"' in response.content.decode()
    assert ObjectiveMeasures.objects.get().myotome_l4_left == 4


def test_a_visit_before_any_assessment_raises_the_red_flag_its_measures_now_show(
    therapist_client, therapist, clinic, patient
):
    brisk = {"reflex_knee_left": "brisk", "reflex_knee_right": "brisk", "myotome_l4_left": "3"}
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=20))
    assert _visit(therapist_client, episode, 3, nprs="5", **NORMAL_EXAM).status_code == 302
    visit = Visit.objects.get()
    assert visit.baseline is None and not visit.prompts.exists()
    assert _amend(therapist_client, visit, **brisk).status_code == 302
    flag = visit.prompts.get(kind="red_flag")
    other = EpisodeFactory(patient=PatientFactory(clinic=clinic, primary_therapist=therapist))
    assert _visit(therapist_client, other, 3, nprs="5", **NORMAL_EXAM | brisk).status_code == 302
    recorded = Prompt.objects.get(visit__episode=other, kind="red_flag")
    assert (flag.status, flag.level, flag.reasons, flag.message) == (
        "open", recorded.level, recorded.reasons, recorded.message,
    )  # fmt: skip
