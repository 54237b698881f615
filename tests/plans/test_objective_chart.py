"""The episode page's chart of straight-leg raise and lumbar flexion degrees across the assessment
and the visits: drawn only for a measure with two values or more, told apart without colour, with
the numbers as a table; the page's queries do not grow with the visits that took measures."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from plans.render.charts import Point, Series, multi_line_chart
from tests.plans.test_visits import _visit, treated_episode  # noqa: F401 (a fixture)

DAY = date(2026, 1, 1)


def _page(client, episode) -> str:
    response = client.get(reverse("patients:episode_detail", args=[episode.code]))
    assert response.status_code == 200
    return response.content.decode()


def _degrees_svg(html: str) -> str:
    match = re.search(
        r'<svg[^>]*aria-label="Straight-leg raise and lumbar flexion \(degrees\) over time".*?</svg>', html
    )
    return match.group(0) if match else ""


def test_lines_differ_by_dash_and_marker_and_the_legend_names_them():
    svg = multi_line_chart(
        title="Degrees",
        series=[
            Series("SLR left", [Point(DAY, 40), Point(date(2026, 1, 11), 60)]),
            Series("SLR right", [Point(DAY, 80), Point(date(2026, 1, 11), 85)]),
            Series("Lumbar flexion", [Point(DAY, 30), Point(date(2026, 1, 6), 50)]),
        ],
        y_max=100,
        unit="°",
        levels=[(70, "SLR normal 70°+")],
    )
    assert svg.count("<polyline") == 3 and 'stroke-dasharray="7 4"' in svg and 'stroke-dasharray="2 3"' in svg
    assert svg.count("<circle") == 3 and svg.count("<polygon") == 3  # 2 points and the legend's mark
    assert ">SLR left</text>" in svg and ">Lumbar flexion</text>" in svg and ">SLR normal 70°+</text>" in svg
    assert "SLR left  01 Jan 2026: 40°" in svg
    assert multi_line_chart(title="Degrees", series=[Series("SLR left", [])], y_max=100) == ""


def test_one_value_draws_no_chart_but_the_table_lists_it(therapist_client, treated_episode):  # noqa: F811
    _visit(therapist_client, treated_episode, 3, nprs="6", slr_left="40", slr_left_leg_pain="on")
    html = _page(therapist_client, treated_episode)
    assert not _degrees_svg(html)
    assert 'data-testid="degrees-table"' in html and "<td>40° with leg pain</td>" in html


def test_two_values_draw_the_line_and_the_table_says_them(therapist_client, treated_episode):  # noqa: F811
    _visit(
        therapist_client,
        treated_episode,
        5,
        nprs="6",
        slr_left="40",
        slr_left_leg_pain="on",
        lumbar_flexion="30",
    )
    _visit(therapist_client, treated_episode, 2, nprs="5", slr_left="65", lumbar_flexion_grade="mild")
    html = _page(therapist_client, treated_episode)
    svg = _degrees_svg(html)
    assert svg.count("<polyline") == 1  # SLR left only: flexion has one value in degrees, SLR right none
    assert ">SLR left</text>" in svg and ">SLR normal 70°+</text>" in svg and "Lumbar flexion" not in svg
    assert "Straight-leg raise and lumbar flexion (degrees)</figcaption>" in html
    assert "<td>Visit</td><td>40° with leg pain</td><td>—</td><td>30°</td>" in html
    assert "<td>Visit</td><td>65°</td><td>—</td><td>Mildly reduced</td>" in html


def test_no_measures_no_degrees_table(therapist_client, treated_episode):  # noqa: F811
    _visit(therapist_client, treated_episode, 2, nprs="5")
    html = _page(therapist_client, treated_episode)
    assert 'data-testid="degrees-table"' not in html and not _degrees_svg(html)


@pytest.mark.parametrize("visits", [2, 12])
def test_episode_page_queries_do_not_grow_with_measured_visits(
    therapist_client,
    treated_episode,  # noqa: F811
    visits,
    django_assert_max_num_queries,
):
    for days_ago in range(visits, 0, -1):
        _visit(therapist_client, treated_episode, days_ago, nprs="5", slr_left=str(40 + days_ago),
               slr_right="80", lumbar_flexion=str(30 + days_ago))  # fmt: skip
    # As with visits without measures (tests/plans/test_visits.py): the measures ride on the visits' query.
    with django_assert_max_num_queries(15):
        html = _page(therapist_client, treated_episode)
    assert _degrees_svg(html).count("<polyline") == 3
