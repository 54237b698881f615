"""Amending a visit's ODI, RMDQ and PSFS: the scores are made again exactly from the amended answers
and the visit is judged again from them; the history keeps the old answers; a bad answer is refused
on its field with nothing saved, and a stale form gets the conflict message. The amendment form is
posted as a browser posts it after loading it (tests.edit_forms)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from plans.models import ClinicalNote, Visit
from tests.edit_forms import loaded_form
from tests.factories import EpisodeFactory
from tests.plans.test_outcome_measures import _baseline as _measured_baseline
from tests.plans.test_visits import TODAY, _baseline, _plan, _visit

REASON = "Sections 6-10 were read off the wrong column."


def _odi(*answers) -> dict:
    return {f"odi_{n}": str(a) for n, a in enumerate(answers, start=1)}


def _amend_url(visit) -> str:
    return reverse("plans:visit_amend", args=[visit.code])


def _amended(client, visit, **changes):
    """Open the amendment form, type ``changes`` and the reason, and save."""
    opened = client.get(_amend_url(visit))
    return client.post(_amend_url(visit), loaded_form(opened, reason=REASON, **changes))


@pytest.fixture
def odi_visit(therapist_client, patient, therapist):
    """A baseline of NPRS 7 and ODI 44%, and a visit of NPRS 7 and ODI 40% (all sections 2)."""
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))
    _baseline(episode, therapist)
    _plan(episode, therapist)
    response = _visit(therapist_client, episode, 33, nprs="7", **_odi(*[2] * 10))
    assert response.status_code == 302, response.context["form"].errors
    return Visit.objects.get()


def test_amended_odi_is_scored_exactly_and_rejudged(therapist_client, therapist, odi_visit):
    # 44% -> 40% is a fall of 4 points (under the MCID of 10 and 30% of the baseline): unchanged.
    assert (odi_visit.odi_percent, odi_visit.odi_valid) == (Decimal("40.0"), True)
    assert odi_visit.judgement["odi"]["status"] == "unchanged" and odi_visit.status == "unchanged"

    # Sections 6-10 were 1, not 2: 15/50 = 30%, a fall of 14 points: improved.
    response = _amended(therapist_client, odi_visit, **_odi(2, 2, 2, 2, 2, 1, 1, 1, 1, 1))
    assert response.status_code == 302, response.context["form"].errors
    odi_visit.refresh_from_db()
    assert odi_visit.odi_sections == [2, 2, 2, 2, 2, 1, 1, 1, 1, 1]
    assert (odi_visit.odi_percent, odi_visit.odi_valid) == (Decimal("30.0"), True)
    assert odi_visit.judgement["odi"]["status"] == "improved" and odi_visit.status == "improved"
    assert odi_visit.nprs == 7 and odi_visit.amendment_reason == REASON

    *_, old, new = odi_visit.history.order_by("history_date")
    assert (old.odi_sections, old.odi_percent, old.status) == ([2] * 10, Decimal("40.0"), "unchanged")
    assert (new.odi_percent, new.history_change_reason) == (Decimal("30.0"), REASON)
    history = therapist_client.get(reverse("plans:visit_history", args=[odi_visit.code])).content.decode()
    assert '<th scope="row">ODI (%)</th><td>40.0</td><td>30.0</td>' in history


def test_a_skipped_section_is_scored_over_45(therapist_client, odi_visit):
    """clinical-reference §1.1: one section skipped, 16/45 = 35.6% (one decimal, half-up)."""
    response = _amended(therapist_client, odi_visit, **_odi(2, 2, 2, 2, 2, 2, 2, 1, 1, "skip"))
    assert response.status_code == 302, response.context["form"].errors
    odi_visit.refresh_from_db()
    assert odi_visit.odi_sections == [2, 2, 2, 2, 2, 2, 2, 1, 1, None]
    assert (odi_visit.odi_percent, odi_visit.odi_valid) == (Decimal("35.6"), True)


def test_the_form_opens_with_the_odi_as_answered(therapist_client, odi_visit):
    form = therapist_client.get(_amend_url(odi_visit)).context["form"]
    assert [form[f"odi_{n}"].value() for n in range(1, 11)] == [2] * 10


def test_an_odi_answer_out_of_range_is_refused_on_its_field(therapist_client, odi_visit):
    version = odi_visit.version
    response = _amended(therapist_client, odi_visit, odi_3="6", odi_7="")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"odi_3", "odi_7"}
    assert errors["odi_3"] == ["Choose a statement, or mark the section skipped."]
    odi_visit.refresh_from_db()
    assert odi_visit.version == version and odi_visit.amended_at is None
    assert odi_visit.odi_percent == Decimal("40.0")


def test_a_stale_odi_amendment_gets_the_conflict_message(therapist_client, lead, odi_visit):
    opened = therapist_client.get(_amend_url(odi_visit))
    lead_client = Client()
    lead_client.force_login(lead)
    assert _amended(lead_client, odi_visit, odi_10="0").status_code == 302

    response = therapist_client.post(
        _amend_url(odi_visit), loaded_form(opened, reason=REASON, **_odi(*[1] * 10))
    )
    assert response.status_code == 409
    form = response.context["form"]
    assert "Lena Fox changed this visit after you opened it. Nothing was saved." in form.non_field_errors()[0]
    assert form.errors["odi_10"] == ["Saved now: “0”."]
    odi_visit.refresh_from_db()
    assert odi_visit.odi_sections == [2] * 9 + [0] and odi_visit.odi_percent == Decimal("36.0")


@pytest.fixture
def episode(patient):
    return EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))


def test_amended_rmdq_total_is_rejudged(therapist_client, therapist, episode):
    _measured_baseline(episode, therapist, psfs=None, rmdq=10)
    _visit(therapist_client, episode, 20, rmdq_total="9")
    visit = Visit.objects.get()
    assert visit.judgement["rmdq"]["status"] == "unchanged"

    response = _amended(therapist_client, visit, rmdq_total="5")  # 10 -> 5: 5 points and 50%
    assert response.status_code == 302, response.context["form"].errors
    visit.refresh_from_db()
    assert visit.rmdq_total == 5 and visit.judgement["rmdq"]["change"] == -5
    assert visit.judgement["rmdq"]["status"] == "improved" and visit.status == "improved"
    assert visit.history.order_by("history_date").first().rmdq_total == 9


def test_amended_rmdq_statements_are_counted(therapist_client, therapist, episode):
    _measured_baseline(episode, therapist, psfs=None, rmdq=10)
    _visit(therapist_client, episode, 20, rmdq_taken="on", **{f"rmdq_{n}": "on" for n in range(1, 10)})
    visit = Visit.objects.get()
    assert visit.rmdq_total == 9 and visit.judgement["rmdq"]["status"] == "unchanged"
    unticked = {f"rmdq_{n}": "" for n in range(5, 10)}  # four statements apply, not nine

    response = _amended(therapist_client, visit, **unticked)
    assert response.status_code == 302, response.context["form"].errors
    visit.refresh_from_db()
    assert (visit.rmdq_items, visit.rmdq_total) == ("1" * 4 + "0" * 20, 4)
    assert visit.judgement["rmdq"]["status"] == "improved"

    response = _amended(therapist_client, visit, rmdq_total="7")  # the total and the ticks disagree
    assert "differs from the 4 statements ticked" in response.context["form"].errors["rmdq_total"][0]
    visit.refresh_from_db()
    assert visit.rmdq_total == 4


def test_amended_psfs_ratings_are_scored_and_rejudged(therapist_client, therapist, episode):
    _measured_baseline(episode, therapist, psfs=(4, 4, 4))
    _visit(therapist_client, episode, 20, psfs_rating_1="5", psfs_rating_2="5", psfs_rating_3="5")
    visit = Visit.objects.get()
    assert visit.psfs_mean == Decimal("5.00") and visit.judgement["psfs"]["status"] == "unchanged"
    form = therapist_client.get(_amend_url(visit)).content.decode()
    assert "1. Lifting my child" in form and 'name="psfs_activity_1"' not in form

    response = _amended(therapist_client, visit, psfs_rating_1="6", psfs_rating_2="6", psfs_rating_3="7")
    assert response.status_code == 302, response.context["form"].errors
    visit.refresh_from_db()
    assert visit.psfs_ratings == [6, 6, 7] and visit.psfs_mean == Decimal("6.33")
    assert visit.judgement["psfs"]["status"] == "improved" and visit.status == "improved"
    assert visit.history.order_by("history_date").first().psfs_ratings == [5, 5, 5]

    response = _amended(therapist_client, visit, psfs_rating_2="", psfs_rating_3="11")
    errors = response.context["form"].errors
    assert set(errors) == {"psfs_rating_2", "psfs_rating_3"}
    visit.refresh_from_db()
    assert visit.psfs_ratings == [6, 6, 7]


def test_an_untouched_draft_note_follows_the_amended_odi(therapist_client, odi_visit):
    note_url = reverse("plans:visit_note", args=[odi_visit.code])
    form = therapist_client.get(note_url).context["form"]
    data = {name: form.initial[name] or "" for name in form.fields}
    assert therapist_client.post(note_url, {**data, "action": "save"}).status_code == 302
    note = ClinicalNote.objects.get(visit=odi_visit)
    assert "44 -> 40" in note.assessment

    assert _amended(therapist_client, odi_visit, **_odi(2, 2, 2, 2, 2, 1, 1, 1, 1, 1)).status_code == 302
    note.refresh_from_db()
    assert "44 -> 30 (-14); improved" in note.assessment and "44 -> 40" not in note.assessment
