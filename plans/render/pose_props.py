"""The things a drawn pose uses (a chair, a wall, a band...), as SVG shapes placed by the figure's
joints. Coordinates are the picture's: x to the right, y up from the floor (y = 0)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Point = tuple[float, float]
Shape = tuple[str, dict[str, Any]]  # an SVG element name and its attributes, before the y flip

STEP = 18.0
INK, GREY, LIGHT = "#111111", "#6f6f6f", "#d0d0d0"
LINE = {
    "fill": "none",
    "stroke": INK,
    "stroke-width": "3",
    "stroke-linecap": "round",
    "stroke-linejoin": "round",
}


def _poly(points: list[Point], **style: str) -> Shape:
    named = {key.replace("_", "-"): value for key, value in style.items()}
    return ("polyline", {"points": points, **LINE, **named})


def _box(x0: float, x1: float, y0: float, y1: float, **style: Any) -> Shape:
    return _poly([(x0, y0), (x0, y1), (x1, y1), (x1, y0), (x0, y0)], **{"fill": LIGHT, **style})


def _circle(c: Point, r: float, **style: str) -> Shape:
    return (
        "circle",
        {"cx": c[0], "cy": c[1], "r": r, "fill": LIGHT, "stroke": INK, "stroke-width": "2.5", **style},
    )


class Scene:
    """The figure's joints in picture coordinates and which way it faces (+1 right, -1 left)."""

    def __init__(
        self, joints: Mapping[str, Point], *, sitting: bool, facing: float, extras: Mapping[str, Point]
    ):
        self.j = joints
        self.sitting = sitting
        self.facing = facing
        self.extras = extras

    def hand(self) -> Point:
        """The hand farthest out from the pelvis."""
        px = self.j["pelvis"][0]
        return max((self.j["hand_r"], self.j["hand_l"]), key=lambda p: (abs(p[0] - px), p[1]))

    def high_foot(self) -> Point:
        return max((self.j["foot_r"], self.j["foot_l"]), key=lambda p: p[1])


def chair(s: Scene) -> list[Shape]:
    if s.sitting:
        px, py = s.j["pelvis"]
        seat, back = py - 7.5, px - s.facing * 15
        front = px + s.facing * 13
        return [
            _poly([(back, seat + 40), (back, 0)]),
            _poly([(back, seat), (front, seat), (front, 0)]),
            _poly([(back, seat - 2), (back, seat)], stroke_width="3"),
        ]
    hx, hy = s.hand()
    away = 1.0 if hx >= s.j["pelvis"][0] else -1.0
    post, far = hx + away * 3, hx + away * 27
    return [_poly([(post, hy - 3), (post, 0)]), _poly([(post, 33), (far, 33), (far, 0)])]


def counter(s: Scene) -> list[Shape]:
    hx, hy = s.hand()
    away = 1.0 if hx >= s.j["pelvis"][0] else -1.0
    top = max(hy - 4.5, 20.0)
    near, far = hx - away * 6, hx + away * 34
    return [_box(min(near, far), max(near, far), 0, top)]


def wall(s: Scene) -> list[Shape]:
    px = s.j["pelvis"][0]
    contacts = [s.j[k] for k in ("hand_r", "hand_l", "elbow_r", "elbow_l")]
    reach = max(contacts, key=lambda p: abs(p[0] - px))
    if abs(reach[0] - px) > 18:
        away = 1.0 if reach[0] > px else -1.0
        x = reach[0] + away * 5
    else:
        away = -s.facing
        back = [s.j[k] for k in ("pelvis", "chest", "head", "waist")]
        x = min(p[0] for p in back) - 9.5 if away < 0 else max(p[0] for p in back) + 9.5
    hatch = [_poly([(x + away * 2, y), (x + away * 8, y + 6)], stroke_width="1.5") for y in range(8, 148, 14)]
    return [_poly([(x, 0), (x, 152)], stroke_width="3.5"), *hatch]


def step(s: Scene) -> list[Shape]:
    feet = (s.j["foot_r"], s.j["foot_l"])
    if abs(feet[0][1] - feet[1][1]) < 3:  # both feet up on the step
        xs = [f[0] for f in feet]
        return [_box(min(xs) - 16, max(xs) + 16, 0, STEP)]
    fx, fy = s.high_foot()
    top = max(fy - 5.0, 6.0)
    return [_box(fx - 16, fx + 16, 0, top)]


def band(s: Scene) -> list[Shape]:
    hands = (s.j["hand_r"], s.j["hand_l"])
    anchor = (max(h[0] for h in hands) + 42, sum(h[1] for h in hands) / 2)
    lines = [_poly([h, anchor], stroke_width="2", stroke=GREY) for h in hands]
    return [*lines, _poly([(anchor[0] + 3, anchor[1] - 26), (anchor[0] + 3, 0)], stroke_width="4")]


def towel(s: Scene) -> list[Shape]:
    x = s.j["chest"][0] + s.facing * 0
    return [
        (
            "ellipse",
            {"cx": x, "cy": 4.5, "rx": 9, "ry": 4.5, "fill": LIGHT, "stroke": INK, "stroke-width": "2"},
        )
    ]


def roller(s: Scene) -> list[Shape]:
    cx, cy = s.j["chest"]
    r = max(6.0, (cy - 7.5) / 2)
    return [_circle((cx, r), r)]


def strap(s: Scene) -> list[Shape]:
    foot = s.high_foot()
    return [_poly([s.j[h], foot], stroke_width="2", stroke=GREY) for h in ("hand_r", "hand_l")]


def bike(s: Scene) -> list[Shape]:
    px, py = s.j["pelvis"]
    seat = py - 7.5
    feet = (s.j["foot_r"], s.j["foot_l"])
    crank = (sum(f[0] for f in feet) / 2, sum(f[1] for f in feet) / 2)
    hx, hy = s.hand()
    return [
        _poly([(px - 9, seat), (px + 7, seat)], stroke_width="4"),
        _poly([(px, seat), (crank[0], crank[1]), (px - 28, 3), (hx + 10, 3)]),
        _poly([(hx + 6, 3), (hx + 3, hy - 2), (hx - 4, hy - 2)]),
        _circle(crank, 12, fill="none"),
    ]


def water(s: Scene) -> list[Shape]:
    level = s.j["pelvis"][1] + 26
    waves = [(float(x), level + (2 if i % 2 else -2)) for i, x in enumerate(range(-130, 131, 10))]
    return [
        (
            "rect",
            {"x": -130, "y": 0, "width": 260, "height": level, "fill": "#9a9a9a", "fill-opacity": "0.35"},
        ),
        _poly(waves, stroke_width="2"),
    ]


def dowel(s: Scene) -> list[Shape]:
    return [_poly([s.extras["dowel_low"], s.extras["dowel_high"]], stroke_width="3.5", stroke=GREY)]


def _weight_at(p: Point) -> Shape:
    return _box(p[0] - 6, p[0] + 6, p[1] - 14, p[1] - 4, stroke_width="2.5", fill=INK)


def weight(s: Scene) -> list[Shape]:
    return [_weight_at(s.j["hand_r"])]


def weights(s: Scene) -> list[Shape]:
    return [_weight_at(s.j["hand_r"]), _weight_at(s.j["hand_l"])]


def bar(s: Scene) -> list[Shape]:
    return [_circle(s.extras["bar"], 5.5, fill=INK)]


def pillow(s: Scene) -> list[Shape]:
    x = s.j["pelvis"][0]
    return [
        (
            "ellipse",
            {"cx": x, "cy": 4, "rx": 15, "ry": 4.5, "fill": LIGHT, "stroke": INK, "stroke-width": "2"},
        )
    ]


def cross_trainer(s: Scene) -> list[Shape]:
    feet = (s.j["foot_r"], s.j["foot_l"])
    hx, hy = s.hand()
    front = max(max(f[0] for f in feet), hx) + 12
    low = min(f[0] for f in feet) - 12
    return [
        _poly([(low, 2), (front, 2), (front, hy + 6), (hx, hy)]),
        *[_poly([(f[0] - 8, f[1] - 5), (f[0] + 8, f[1] - 5)], stroke_width="3.5") for f in feet],
    ]


# Drawn behind the figure, except the ones in FRONT, which are drawn over it.
PROPS: dict[str, Callable[[Scene], list[Shape]]] = {
    "chair": chair,
    "wall": wall,
    "counter": counter,
    "step": step,
    "band": band,
    "towel": towel,
    "strap": strap,
    "bike": bike,
    "water": water,
    "roller": roller,
    "dowel": dowel,
    "weight": weight,
    "weights": weights,
    "bar": bar,
    "pillow": pillow,
    "cross_trainer": cross_trainer,
}
FRONT = frozenset({"water", "weight", "weights", "band", "strap", "dowel"})
