"""The admin searches of the records that grow with every visit (visits, home logs, prompts) are
index-backed: with sequential scans priced out, the plan of each changelist's search reads none of the
large tables in full, so no expression in it lacks its index (patients 0007 and 0010, plans 0037).
The search still finds what it did: the patient, the record's own words, a visit's recorder."""

import json

import pytest
from django.db import connection
from django.urls import reverse

from plans.models import HomeLog, Prompt, Visit
from tests.factories import PatientFactory
from tests.records import full_record, records_by_model

LARGE_TABLES = ("plans_visit", "plans_homelog", "plans_prompt", "patients_episode", "patients_patient")


@pytest.fixture
def records(patient, therapist):
    return records_by_model(full_record(patient, therapist, marker="indexed"))


def _changelist(client, model, term):
    url = reverse(f"admin:plans_{model._meta.model_name}_changelist")
    response = client.get(url, {"q": term})
    assert response.status_code == 200
    return response.context["cl"]


def _full_reads(queryset) -> set[str]:
    """The large tables that the plan reads in full (a sequential scan, or an index scan with no
    condition) when PostgreSQL is steered to bitmap index look-ups wherever one fits: with every
    other scan and join priced out, a table still read in full has an expression no index fits."""
    with connection.cursor() as cursor:  # SET LOCAL: until the test's transaction rolls back
        for plan_type in ("seqscan", "indexscan", "indexonlyscan", "hashjoin", "mergejoin"):
            cursor.execute(f"SET LOCAL enable_{plan_type} = off")
    full = set()
    nodes = [json.loads(queryset.explain(format="json"))[0]["Plan"]]
    while nodes:
        node = nodes.pop()
        nodes.extend(node.get("Plans", []))
        bounded = "Index Cond" in node or node["Node Type"] == "Bitmap Heap Scan"
        if node.get("Relation Name") in LARGE_TABLES and not bounded:
            full.add(node["Relation Name"])
    return full


@pytest.mark.parametrize(
    "model, term",
    [
        (Visit, "lopez maria"),
        (Visit, "R-1001"),
        (Visit, "tessa"),  # the recorder
        (HomeLog, "lopez"),
        (HomeLog, "comment indexed"),
        (Prompt, "R-1001"),
        (Prompt, None),  # a word of its message
    ],
)
def test_the_search_reads_no_large_table_in_full(therapist_client, records, model, term):
    changelist = _changelist(therapist_client, model, term or max(records[model].message.split(), key=len))

    assert records[model] in changelist.result_list
    assert _full_reads(changelist.queryset) == set()


def test_a_word_of_the_record_finds_it_and_not_the_others(therapist_client, therapist, records, clinic):
    other = records_by_model(full_record(PatientFactory(clinic=clinic), therapist, marker="other"))

    found = _changelist(therapist_client, HomeLog, "comment indexed").result_list
    assert list(found) == [records[HomeLog]] and other[HomeLog] not in found


def test_a_recorder_matching_no_one_finds_no_visit(therapist_client, records):
    assert list(_changelist(therapist_client, Visit, "nobody-by-that-name").result_list) == []
