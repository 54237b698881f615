"""Server-rendered SVG line charts of a measure over time: readable without JavaScript, printable,
and paired on the page with a table of the same numbers for screen readers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

# Drawn in user units that match CSS pixels at 480 px wide; upright.css enlarges the text as the
# chart is drawn narrower, so axis text stays at least 12 px tall on a 360 px phone.
WIDTH, HEIGHT = 480, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 40
# The palette's chart colours (static/css/upright.css), kept on the SVG for the PDF and for no CSS.
LINE, BEFORE, AXIS, ACCENT, MARK = "#0a58ca", "#868e96", "#495057", "#0b6e4f", "#575e66"


@dataclass(frozen=True)
class Point:
    on: date
    value: Decimal | int
    label: str = ""
    amended: str = ""  # "amended on … by …: why": a hollow point, and said in its title


@dataclass(frozen=True)
class Marker:
    on: date
    label: str


def line_chart(
    *,
    title: str,
    points: list[Point],
    y_max: int,
    baseline: Decimal | int | None = None,
    mcid: Decimal | int | None = None,
    markers: Sequence[Marker] = (),
    secondary: Sequence[Point] = (),
    secondary_label: str = "",
    evenly: bool = False,
) -> SafeString:
    """A line of ``points`` on a 0..y_max axis; the band baseline ± MCID shaded ("no real change"),
    the baseline as a dashed line, and vertical markers (plan versions, re-evaluations).

    ``evenly`` spaces the points one after another instead of by date (several on one day stay
    apart); ``secondary`` then pairs with ``points`` one for one, and markers are not drawn."""
    dates = [p.on for p in points] + [p.on for p in secondary] + [m.on for m in markers]
    if not points:
        return mark_safe("")
    start, end = min(dates), max(dates)
    span = max((end - start).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    if evenly:
        markers = ()
        slot = {id(p): i for series in (points, secondary) for i, p in enumerate(series)}

    def x(point: Point | Marker) -> float:
        if evenly:
            return round(LEFT + plot_w * (slot[id(point)] + 1) / (len(points) + 1), 1)
        return round(LEFT + plot_w * (point.on - start).days / span, 1)

    def y(value) -> float:
        clamped = min(max(float(value), 0.0), float(y_max))
        return round(TOP + plot_h * (1 - clamped / y_max), 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" class="measure-chart">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" stroke="#ccc"/>',
    ]
    step = 2 if y_max <= 10 else 20
    for tick in range(0, y_max + 1, step):
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick)}" y2="{y(tick)}" stroke="#eee"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4}" text-anchor="end" font-size="12" '
            f'fill="{AXIS}" class="chart-axis">{tick}</text>'
        )
    if baseline is not None and mcid is not None:
        top, bottom = y(Decimal(baseline) + Decimal(mcid)), y(Decimal(baseline) - Decimal(mcid))
        parts.append(
            f'<rect x="{LEFT}" y="{top}" width="{plot_w}" height="{round(bottom - top, 1)}" '
            f'fill="{ACCENT}" fill-opacity="0.08"><title>Within one MCID of the baseline</title></rect>'
        )
    if baseline is not None:
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(baseline)}" y2="{y(baseline)}" '
            f'stroke="{ACCENT}" stroke-dasharray="6 4"/>'
            f'<text x="{WIDTH - RIGHT - 4}" y="{y(baseline) - 4}" text-anchor="end" font-size="12" '
            f'fill="{ACCENT}" class="chart-baseline">baseline {baseline}</text>'
        )
    for marker in markers:
        parts.append(
            f'<line x1="{x(marker)}" x2="{x(marker)}" y1="{TOP}" y2="{TOP + plot_h}" stroke="{MARK}" '
            f'stroke-dasharray="2 3"/><text x="{x(marker) + 3}" y="{TOP + 12}" font-size="12" '
            f'fill="{MARK}" class="chart-marker">{escape(marker.label)}</text>'
        )

    def series(
        series_points: Sequence[Point],
        colour: str,
        width: float,
        radius: float,
        title: Callable[[Point], str],
    ) -> list[str]:
        path = " ".join(f"{x(p)},{y(p.value)}" for p in series_points)
        return [f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{width}"/>'] + [
            f'<circle cx="{x(p)}" cy="{y(p.value)}" r="{radius}" fill="{colour}">'
            f"<title>{escape(title(p))}</title></circle>"
            if not p.amended
            else f'<circle cx="{x(p)}" cy="{y(p.value)}" r="{radius + 1}" fill="#fff" stroke="{colour}" '
            f'stroke-width="2" class="chart-amended"><title>{escape(title(p))} ({escape(p.amended)})</title>'
            "</circle>"
            for p in series_points
        ]

    if secondary:
        parts += series(secondary, BEFORE, 1.5, 2.5, lambda p: f"{secondary_label} {p.on:%d %b}: {p.value}")
    parts += series(points, LINE, 2.5, 4, lambda p: f"{p.label or ''} {p.on:%d %b %Y}: {p.value}")
    parts.append(
        f'<text x="{LEFT}" y="{HEIGHT - 10}" font-size="12" fill="{AXIS}" class="chart-axis">'
        f"{start:%d %b %Y}</text>"
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 10}" text-anchor="end" font-size="12" fill="{AXIS}" '
        'class="chart-axis">'
        f"{end:%d %b %Y}</text>"
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[Point]


# Each line differs by colour, dash and marker shape, so none relies on colour alone.
_STYLES = ((LINE, "", "circle"), (ACCENT, "7 4", "square"), (MARK, "2 3", "diamond"))
LEGEND = 28  # the legend's row under the dates


def _marker(shape: str, cx: float, cy: float, colour: str, title: str, amended: str = "") -> str:
    """A point of the line's shape; an amended one hollow, saying so in its title."""
    tip = f"<title>{escape(title)}{f' ({escape(amended)})' if amended else ''}</title>"
    paint = (
        f'fill="#fff" stroke="{colour}" stroke-width="2" class="chart-amended"'
        if amended
        else f'fill="{colour}"'
    )
    if shape == "circle":
        return f'<circle cx="{cx}" cy="{cy}" r="4" {paint}>{tip}</circle>'
    if shape == "square":
        return f'<rect x="{cx - 4}" y="{cy - 4}" width="8" height="8" {paint}>{tip}</rect>'
    diamond = f"{cx},{cy - 5} {cx + 5},{cy} {cx},{cy + 5} {cx - 5},{cy}"
    return f'<polygon points="{diamond}" {paint}>{tip}</polygon>'


def multi_line_chart(
    *,
    title: str,
    series: Sequence[Series],
    y_max: int,
    unit: str = "",
    levels: Sequence[tuple[int, str]] = (),
) -> SafeString:
    """Up to three lines on one 0..y_max axis, placed by date, with a legend under the dates, and
    dotted ``levels`` (value, label), such as the lower ends of normal ranges. Nothing to draw is
    empty."""
    drawn = [s for s in series if s.points][: len(_STYLES)]
    if not drawn:
        return mark_safe("")
    dates = [p.on for s in drawn for p in s.points]
    start, end = min(dates), max(dates)
    span = max((end - start).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(on: date) -> float:
        return round(LEFT + plot_w * (on - start).days / span, 1)

    def y(value: Decimal | int) -> float:
        clamped = min(max(float(value), 0.0), float(y_max))
        return round(TOP + plot_h * (1 - clamped / y_max), 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + LEGEND}" role="img" '
        f'aria-label="{escape(title)}" class="measure-chart">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" stroke="#ccc"/>',
    ]
    for tick in range(0, y_max + 1, 20):
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick)}" y2="{y(tick)}" stroke="#eee"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4}" text-anchor="end" font-size="12" '
            f'fill="{AXIS}" class="chart-axis">{tick}{unit}</text>'
        )
    for index, (value, label) in enumerate(levels):  # labels alternate sides, so close levels stay legible
        anchor = f'x="{WIDTH - RIGHT - 4}" text-anchor="end"' if index % 2 else f'x="{LEFT + 4}"'
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value)}" y2="{y(value)}" stroke="{AXIS}" '
            f'stroke-dasharray="1 3"/><text {anchor} y="{y(value) - 4}" font-size="12" fill="{AXIS}" '
            f'class="chart-level">{escape(label)}</text>'
        )
    legend_x = LEFT
    for line, (colour, dash, shape) in zip(drawn, _STYLES, strict=False):
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        path = " ".join(f"{x(p.on)},{y(p.value)}" for p in line.points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dashes}/>')
        parts += [
            _marker(
                shape,
                x(p.on),
                y(p.value),
                colour,
                f"{line.label} {p.label} {p.on:%d %b %Y}: {p.value}{unit}",
                p.amended,
            )
            for p in line.points
        ]
        row = HEIGHT + LEGEND - 10
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 24}" y1="{row - 4}" y2="{row - 4}" stroke="{colour}" '
            f'stroke-width="2.5"{dashes}/>{_marker(shape, legend_x + 12, row - 4, colour, line.label)}'
            f'<text x="{legend_x + 30}" y="{row}" font-size="12" fill="{AXIS}" class="chart-legend">'
            f"{escape(line.label)}</text>"
        )
        legend_x += 30 + 8 * len(line.label) + 16
    parts.append(
        f'<text x="{LEFT}" y="{HEIGHT - 10}" font-size="12" fill="{AXIS}" class="chart-axis">'
        f"{start:%d %b %Y}</text>"
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 10}" text-anchor="end" font-size="12" fill="{AXIS}" '
        f'class="chart-axis">{end:%d %b %Y}</text></svg>'
    )
    return mark_safe("".join(parts))
