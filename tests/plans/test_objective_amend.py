"""Amending a visit's or an assessment's objective measures, and an assessment's ODI answers: the
findings are derived again, the red flags, triage, suggestion and judgements follow, the history keeps
the old values and shows them as amended, and a bad value is refused on its field with nothing saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from plans.clinical.vocabulary import Finding
from plans.models import Assessment, ObjectiveMeasures, Prompt, Visit, VisitFinding
from tests.factories import EpisodeFactory, PatientFactory
from tests.plans.conftest import assessment_post_data
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


# Assessments ------------------------------------------------------------------------------------


@pytest.fixture
def assessed(therapist_client, episode) -> Assessment:
    url = reverse("plans:assessment_create", args=[episode.code])
    response = therapist_client.post(url, assessment_post_data(**NORMAL_EXAM))
    assert response.status_code == 302, response.context["form"].errors
    return Assessment.objects.get()


def test_corrected_assessment_measures_are_triaged_again_as_recorded_ones_would_be(
    therapist_client, therapist, assessed, episode
):
    before = (assessed.triage_level, assessed.suggestion)
    response = _amend(therapist_client, assessed, **DEFICIT)
    assert response.status_code == 302, response.context["form"].errors
    assessed.refresh_from_db()
    assert {Finding.WEAKNESS, Finding.REFLEX_LOSS} <= _codes(assessed)
    # Recorded with the corrected measures from the start, the engine says the same.
    other = EpisodeFactory(
        patient=PatientFactory(clinic=episode.patient.clinic), onset_date=episode.onset_date
    )
    url = reverse("plans:assessment_create", args=[other.code])
    assert therapist_client.post(url, assessment_post_data(**NORMAL_EXAM | DEFICIT)).status_code == 302
    fresh = Assessment.objects.get(episode=other)
    assert _codes(assessed) == _codes(fresh)
    assert (assessed.triage_level, assessed.stage) == (fresh.triage_level, fresh.stage)
    assert assessed.suggestion["triage"] == fresh.suggestion["triage"]
    assert (assessed.triage_level, assessed.suggestion) != before

    old, new = list(assessed.history.order_by("history_date"))[-2:]
    assert (old.triage_level, old.suggestion) == before and new.history_change_reason == REASON
    history = _history(therapist_client, assessed)
    assert _row("L4 ankle dorsiflexion left (Oxford 0-5)", 5, 3) in history
    assert '<th scope="row">Findings</th>' in history


def test_corrected_odi_answers_are_scored_again_and_the_visits_judged_again(
    therapist_client, treated_episode
):
    _visit(therapist_client, treated_episode, 33, nprs="7", **{f"odi_{n}": "2" for n in range(1, 11)})
    visit = Visit.objects.get()
    assessment = treated_episode.assessments.get()
    assert assessment.odi_percent == 44 and visit.judgement["odi"]["change"] == -4
    form = therapist_client.get(reverse("plans:assessment_amend", args=[assessment.code])).context["form"]
    assert [form[f"odi_{n}"].value() for n in range(1, 11)] == [3, 2, 2, 2, 2, 2, 2, 2, 2, 3]

    response = _amend(therapist_client, assessment, **{f"odi_{n}": "4" for n in range(1, 11)})
    assert response.status_code == 302, response.context["form"].errors
    assessment.refresh_from_db()
    visit.refresh_from_db()
    assert (assessment.odi_percent, assessment.odi_answered, assessment.odi_valid) == (80, 10, True)
    assert assessment.suggestion["scores"]["odi"]["percent"] == 80.0
    assert visit.judgement["odi"]["change"] == -40 and visit.status == "improved"
    assert _row("ODI (%)", "44.0", "80.0") in _history(therapist_client, assessment)


def test_a_half_answered_odi_is_refused_on_its_sections(therapist_client, treated_episode):
    assessment = treated_episode.assessments.get()
    response = _amend(therapist_client, assessment, odi_3="", odi_4="")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"odi_3", "odi_4"}
    assessment.refresh_from_db()
    assert assessment.odi_percent == 44 and assessment.amended_at is None


def test_assessment_measures_refused_to_a_colleague_and_another_clinic(colleague, outsider, assessed, client):
    url = reverse("plans:assessment_amend", args=[assessed.code])
    data = {"nprs_current": "6", "reason": REASON, "version": assessed.version, **DEFICIT}
    for user, status in ((colleague, 403), (outsider, 404)):
        client.force_login(user)
        assert client.post(url, data).status_code == status
    assert ObjectiveMeasures.objects.get().myotome_l4_left == 5 and Finding.WEAKNESS not in _codes(assessed)


def test_assessment_amend_and_history_queries_stay_fixed(therapist_client, assessed):
    amend_url = reverse("plans:assessment_amend", args=[assessed.code])
    history_url = reverse("plans:assessment_history", args=[assessed.code])
    _amend(therapist_client, assessed, **DEFICIT)
    amend_once, history_once = _queries(therapist_client, amend_url), _queries(therapist_client, history_url)
    for grade in ("4", "2"):
        record = Assessment.objects.get()
        assert (
            _amend(
                therapist_client, record, myotome_s1_left=grade, odi_1=grade, reason=f"S1 {grade}."
            ).status_code
            == 302
        )
    assert _queries(therapist_client, amend_url) == amend_once <= 7
    assert _queries(therapist_client, history_url) == history_once <= 9


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


def test_corrected_startback_answers_are_scored_and_suggested_again(therapist_client, assessed, episode):
    assert (assessed.startback_total, assessed.startback_psychosocial, assessed.startback_risk) == (
        5,
        4,
        "high",
    )
    form = therapist_client.get(reverse("plans:assessment_amend", args=[assessed.code])).context["form"]
    assert [form[f"startback_{n}"].value() for n in range(1, 9)] == [1, 0, 0, 0, 1, 1, 1, 0]
    assert form["startback_bothersomeness"].value() == "very_much"

    response = _amend(therapist_client, assessed, startback_5="0", startback_6="0")
    assert response.status_code == 302, response.context["form"].errors
    assessed.refresh_from_db()
    assert (assessed.startback_items, assessed.startback_total, assessed.startback_risk) == (
        "10000010",
        3,
        "low",
    )
    other = EpisodeFactory(
        patient=PatientFactory(clinic=episode.patient.clinic), onset_date=episode.onset_date
    )
    url = reverse("plans:assessment_create", args=[other.code])
    fresh_data = assessment_post_data(**NORMAL_EXAM, startback_5="0", startback_6="0")
    assert therapist_client.post(url, fresh_data).status_code == 302
    fresh = Assessment.objects.get(episode=other)
    assert assessed.stage == fresh.stage
    assert assessed.suggestion["scores"] == fresh.suggestion["scores"]
    history = _history(therapist_client, assessed)
    assert (
        _row("STarT Back risk", "High risk", "Low risk") in history
        and _row("STarT Back total", 5, 3) in history
    )


def test_a_half_answered_startback_is_refused_on_its_items(therapist_client, assessed):
    response = _amend(therapist_client, assessed, startback_3="", startback_bothersomeness="")
    assert set(response.context["form"].errors) == {"startback_3", "startback_bothersomeness"}
    assessed.refresh_from_db()
    assert assessed.startback_risk == "high" and assessed.amended_at is None


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


def test_corrected_rmdq_and_fabq_answers_are_scored_again(therapist_client, episode):
    rmdq = {"rmdq_taken": "on", **{f"rmdq_{n}": "on" for n in range(1, 11)}}
    fabq = {f"fabq_{n}": "4" for n in range(1, 17)}
    url = reverse("plans:assessment_create", args=[episode.code])
    assert therapist_client.post(url, assessment_post_data(**rmdq, **fabq)).status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.rmdq_total, assessment.fabq_pa, assessment.fabq_w) == (10, 16, 28)
    form = therapist_client.get(reverse("plans:assessment_amend", args=[assessment.code])).context["form"]
    assert form["rmdq_taken"].value() is True and form["rmdq_10"].value() is True
    assert form["rmdq_11"].value() is False and form["fabq_2"].value() == 4

    response = _amend(therapist_client, assessment, rmdq_9=None, rmdq_10=None, fabq_2="0", fabq_3="0")
    assert response.status_code == 302, response.context["form"].errors
    assessment.refresh_from_db()
    assert assessment.rmdq_items == "1" * 8 + "0" * 16 and assessment.rmdq_total == 8
    assert (assessment.fabq_pa, assessment.fabq_w) == (8, 28)
    assert assessment.suggestion["scores"]["rmdq"]["total"] == 8
    history = _history(therapist_client, assessment)
    assert _row("RMDQ (0-24)", 10, 8) in history and _row("FABQ physical activity", 16, 8) in history


def test_rmdq_statements_without_taken_are_refused(therapist_client, assessed):
    response = _amend(therapist_client, assessed, rmdq_3="on")
    assert response.context["form"].errors == {
        "rmdq_taken": ["Tick “RMDQ taken” to record the statements ticked, or untick them."]
    }
    assessed.refresh_from_db()
    assert assessed.rmdq_items == "" and assessed.amended_at is None
