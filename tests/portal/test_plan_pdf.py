"""The printable plan: a PDF (WeasyPrint) for the therapist's plan page and for the patient's portal."""

import sys

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from plans.clinical import instructions
from plans.models import PlanVersion
from plans.render.pdf import PDF_CACHE, pdf_cache_key, render_plan_html
from tests.access_matrix import CLINICAL_PAGE, PORTAL_PAGE, cells, check, row
from tests.portal.conftest import approve, exercise_row


def _pdf_url(version, number=None):
    return reverse("plans:plan_pdf", args=[version.plan.episode.code, number or version.number])


def _assert_complete(html: str, version: PlanVersion):
    for item in version.exercises.select_related("exercise"):
        assert item.exercise.name in html
        amount = item.dose.amount_in_words(item.exercise.kind)
        assert f"How much: {amount}. How often: {item.dose.how_often_in_words()}." in html
        assert instructions.steps(item.exercise.instructions)[0] in html
        assert item.exercise.if_it_hurts in html
    for link in version.education.select_related("item"):
        assert link.item.title in html and link.item.summary in html
    assert "Pain no higher than 3 out of 10 by" in html
    assert "Walk to the shops and back without stopping" in html
    assert version.review_date.strftime("%-d %B %Y") in html
    assert "Team only" not in html  # notes for the team are never printed


def test_the_print_page_has_every_exercise_with_its_dose(plan_version, patient):
    version = PlanVersion.objects.with_items().get(pk=plan_version.pk)
    html = render_plan_html(version=version, patient=patient)
    _assert_complete(html, plan_version)
    assert "How much: 2 sets of 10. How often: Once a day, every day." in html
    assert (
        "How much: 2 sets of 8, holding each one for 5 seconds. How often: Twice a day, on 5 days a week."
        in html
    )


def test_therapist_gets_a_pdf(therapist_client, plan_version, django_assert_max_num_queries):
    with django_assert_max_num_queries(11):
        response = therapist_client.get(_pdf_url(plan_version))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="plan-r-1001-v1.pdf"'
    assert response.content.startswith(b"%PDF")


def test_any_version_can_be_printed_by_the_therapist(therapist_client, episode, therapist, plan_version):
    approve(episode, therapist, exercises=[exercise_row("cat-camel")], reason="Simpler plan")
    response = therapist_client.get(_pdf_url(plan_version, 1))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert therapist_client.get(_pdf_url(plan_version, 3)).status_code == 404


def test_who_may_print_from_the_staff_side(
    client, colleague, outsider, admin_staff, patient_account, plan_version
):
    url = _pdf_url(plan_version)
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(colleague)
    assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(admin_staff)
    assert client.get(url).status_code == 403
    client.force_login(patient_account)
    assert client.get(url).status_code == 403


def test_patient_prints_their_own_current_plan(portal_client, plan_version, other_plan):
    response = portal_client.get(reverse("portal:plan_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_patient_without_a_plan_is_sent_home(portal_client, episode):
    response = portal_client.get(reverse("portal:plan_pdf"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert "once your therapist has approved it" in response.text


def test_without_weasyprint_the_print_page_is_served(portal_client, plan_version, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # "import weasyprint" now raises ImportError
    response = portal_client.get(reverse("portal:plan_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    _assert_complete(response.text, plan_version)


def test_the_portal_print_shows_only_my_plan(portal_client, plan_version, other_plan, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    html = portal_client.get(reverse("portal:plan_pdf")).text
    assert "Maria Lopez" in html
    assert "Olga" not in html and other_plan.exercises.get().exercise.name not in html


# --- The rendered PDF is kept under its page's hash ---------------------------------------------

CACHED = b"%PDF-1.7 the copy in the cache"


def _cache_key_of(plan_version, patient) -> str:
    import weasyprint

    version = PlanVersion.objects.with_items().with_hold().get(pk=plan_version.pk)
    patient.refresh_from_db()
    return pdf_cache_key(render_plan_html(version=version, patient=patient), weasyprint.__version__)


def test_a_second_print_is_not_rendered_again(
    therapist_client, patient_account, plan_version, patient, django_assert_max_num_queries
):
    first = therapist_client.get(_pdf_url(plan_version))
    key = _cache_key_of(plan_version, patient)
    assert caches[PDF_CACHE].get(key) == first.content
    caches[PDF_CACHE].set(key, CACHED)  # only the cache can answer this
    with django_assert_max_num_queries(11):
        assert therapist_client.get(_pdf_url(plan_version)).content == CACHED
    portal = Client()
    portal.force_login(patient_account)
    assert portal.get(reverse("portal:plan_pdf")).content == CACHED  # the same page, the same PDF


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda v, p: setattr(p.clinic, "phone", "01234 567890") or p.clinic.save(), id="clinic"),
        pytest.param(
            lambda v, p: (
                v.exercises.first()
                .exercise.__class__.objects.filter(pk=v.exercises.first().exercise_id)
                .update(if_it_hurts="Stop, and tell your therapist.")
            ),
            id="the library's wording",
        ),
        pytest.param(lambda v, p: setattr(p, "family_name", "Renamed") or p.save(), id="patient"),
    ],
)
def test_a_change_to_what_the_pdf_shows_renders_it_again(therapist_client, plan_version, patient, change):
    therapist_client.get(_pdf_url(plan_version))
    caches[PDF_CACHE].set(_cache_key_of(plan_version, patient), CACHED)
    change(plan_version, patient)
    response = therapist_client.get(_pdf_url(plan_version))
    assert response.content.startswith(b"%PDF") and response.content != CACHED


# --- Who may open it ------------------------------------------------------------------------------


def _portal_pdf(get):
    get("plan_version")
    return reverse("portal:plan_pdf")


ACCESS = cells(
    row("staff PDF", lambda get: _pdf_url(get("plan_version")), CLINICAL_PAGE),
    row("portal PDF", _portal_pdf, PORTAL_PAGE),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
