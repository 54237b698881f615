"""The server-drawn line chart shared by the episode page and the patient's history."""

import re
from datetime import date

from plans.render.charts import Marker, Point, line_chart


def _xs(svg: str, colour: str) -> list[float]:
    return [
        float(x) for x in re.findall(rf'<circle cx="([\d.]+)" cy="[\d.]+" r="[\d.]+" fill="{colour}"', svg)
    ]


def test_points_are_placed_by_date_with_baseline_band_and_markers():
    svg = line_chart(
        title="Pain",
        points=[Point(date(2026, 1, 1), 7), Point(date(2026, 1, 3), 5), Point(date(2026, 1, 11), 3)],
        y_max=10,
        baseline=7,
        mcid=2,
        markers=[Marker(date(2026, 1, 3), "v2")],
    )
    first, second, last = _xs(svg, "#0a58ca")
    assert (second - first) * 5 == last - first  # 2 of 10 days along
    assert "baseline 7" in svg and "Within one MCID of the baseline" in svg and ">v2<" in svg


def test_evenly_spaced_points_stay_apart_on_one_day_and_pair_with_the_secondary_line():
    day = date(2026, 1, 1)
    svg = line_chart(
        title="Home sessions",
        points=[Point(day, 4), Point(day, 6)],
        secondary=[Point(day, 3), Point(day, 3)],
        y_max=10,
        evenly=True,
    )
    after, before = _xs(svg, "#0a58ca"), _xs(svg, "#868e96")
    assert after[0] < after[1] and after == before


def test_nothing_to_draw_is_empty():
    assert line_chart(title="Pain", points=[], y_max=10) == ""
