"""Drawn exercise pictures: a pose described as data, drawn as a small printable SVG.

No package ships openly licensed exercise pictures, so Upright draws its own from
``plans/data/poses.json`` with this one renderer. ``pose_svg(pose, alt=...)`` is pure: the same pose
always gives the same SVG (fixed viewBox 0 0 240 160, no external resources, black and greys only).

A pose is a mapping:

- ``base`` (required): "standing", "sitting", "lying_back", "lying_front", "side_lying",
  "hands_knees", "kneeling" or "half_kneeling". The base sets the angles a pose leaves out (sitting:
  hips and knees at 90; hands_knees: trunk, hips and knees at 90; kneeling: knees at 90; half_kneeling:
  right hip and knee at 90, left knee at 90). "sitting" with a "chair" or "bike" sits on its seat,
  otherwise on the floor; every other base rests its lowest point on the floor.
- ``view``: "side" (default: the camera sees the person's right side, facing right), "front" (the
  camera faces the person; standing, sitting, kneeling only) or "above" (the side view from higher up,
  to show movements towards or away from the camera). side_lying is drawn from the person's front and a
  little above: the person lies on their left side, head to the left.
- Angles in degrees; a missing angle is the base's, else 0:
  ``trunk`` (-180..180) the trunk's lean from vertical, forwards positive (lying on the back is -90,
  face down 90; for side_lying it curls the trunk towards the camera); ``side_bend`` (-90..90) the
  upper body's lean towards the person's right (for side_lying: the whole body raised off the floor
  from the feet, as in a side plank);
  ``twist`` (-90..90) the shoulders turned about the spine; ``legs_roll`` (-90..90) both legs turned
  about the spine (knee rolls); ``neck`` (-60..80) chin down positive; ``spine`` (-60..60) the back
  rounded (positive) or arched (negative) between pelvis and shoulders.
  Per side, ``_l`` (far, drawn grey) and ``_r`` (near, drawn dark): ``hip_*`` (-60..160) thigh forward
  from the trunk line; ``knee_*`` (0..170) bend; ``ankle_*`` (-30..60) toes pointing down;
  ``hip_abd_*`` (-30..90) leg out to the side; ``knee_open_*`` (0..60) the knee turned out with the
  foot kept still (a clamshell); ``shoulder_*`` (-90..200) arm forward and up from hanging;
  ``elbow_*`` (0..170) bend; ``shoulder_abd_*`` (-30..180) arm out to the side.
- ``props``: things drawn with the person, placed by the joints: "chair" (a seat, or the back of a
  chair at the farthest hand), "wall" (at the farthest hand or elbow, else behind the back), "counter"
  (under the farthest hand), "step" (under the higher foot; with both feet level, the person stands
  on it), "band" (from the hands to a door),
  "towel"/"roller" (under the upper back), "strap" (hands to the higher foot), "bike", "water",
  "dowel" (along the back), "weight" (near hand), "weights" (both hands), "bar" (across the shoulders),
  "pillow" (under the hips), "cross_trainer".
- ``arrow``: ``{"at": <joint>, "angle": <picture degrees, 0 up, 90 right>}``, the way to move;
  joints: head, chest, waist, pelvis and hip/knee/foot/toe/shoulder/elbow/hand with ``_l`` or ``_r``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape

from plans.render import pose_figure as fig
from plans.render.pose_props import FRONT, GREY, INK, PROPS, STEP, Scene

# Bumped whenever the drawing changes, so cached pictures are drawn again.
RENDERER_VERSION = 1
WIDTH, HEIGHT, FLOOR = 240.0, 160.0, 148.0
BASES = tuple(fig.DEFAULTS)
VIEWS = ("side", "front", "above")
FRONT_VIEW_BASES = frozenset({"standing", "sitting", "kneeling"})
RANGES: dict[str, tuple[float, float]] = {
    "trunk": (-180, 180),
    "side_bend": (-90, 90),
    "twist": (-90, 90),
    "legs_roll": (-90, 90),
    "neck": (-60, 80),
    "spine": (-60, 60),
}
for _side in ("l", "r"):
    RANGES |= {
        f"hip_{_side}": (-60, 160),
        f"knee_{_side}": (0, 170),
        f"ankle_{_side}": (-30, 60),
        f"hip_abd_{_side}": (-30, 90),
        f"knee_open_{_side}": (0, 60),
        f"shoulder_{_side}": (-90, 200),
        f"elbow_{_side}": (0, 170),
        f"shoulder_abd_{_side}": (-30, 180),
    }
JOINTS = frozenset(
    {"head", "chest", "waist", "pelvis"}
    | {f"{j}_{s}" for j in ("hip", "knee", "foot", "toe", "shoulder", "elbow", "hand") for s in "lr"}
)
KEYS = frozenset({"base", "view", "props", "arrow", *RANGES})


def validate_pose(pose: object) -> None:
    """Raise ValueError naming what is wrong with ``pose``; return quietly when it can be drawn."""
    if not isinstance(pose, Mapping):
        raise ValueError("A pose must be a mapping of names to values.")
    unknown = sorted(set(pose) - KEYS)
    if unknown:
        raise ValueError(f"Unknown pose key(s): {', '.join(unknown)}.")
    if pose.get("base") not in BASES:
        raise ValueError(f"Pose base must be one of {', '.join(BASES)}, not {pose.get('base')!r}.")
    view = pose.get("view", "side")
    if view not in VIEWS:
        raise ValueError(f"Pose view must be one of {', '.join(VIEWS)}, not {view!r}.")
    if view == "front" and pose["base"] not in FRONT_VIEW_BASES:
        raise ValueError(f"A front view is drawn only for {', '.join(sorted(FRONT_VIEW_BASES))}.")
    for key, (low, high) in RANGES.items():
        if key not in pose:
            continue
        value = pose[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ValueError(f"Pose angle {key} must be a number of degrees, not {value!r}.")
        if not low <= value <= high:
            raise ValueError(f"Pose angle {key} must be between {low:g} and {high:g} degrees, not {value:g}.")
    props = pose.get("props", [])
    if not isinstance(props, list | tuple) or not all(isinstance(p, str) for p in props):
        raise ValueError("Pose props must be a list of names.")
    if bad := sorted(set(props) - set(PROPS)):
        raise ValueError(f"Unknown pose prop(s): {', '.join(bad)}.")
    if len(set(props)) != len(props):
        raise ValueError("A pose lists each prop once.")
    if "arrow" in pose:
        arrow = pose["arrow"]
        if not isinstance(arrow, Mapping) or set(arrow) != {"at", "angle"}:
            raise ValueError('A pose arrow is {"at": <joint>, "angle": <degrees>}.')
        if arrow["at"] not in JOINTS:
            raise ValueError(
                f"A pose arrow starts at a joint ({', '.join(sorted(JOINTS))}), not {arrow['at']!r}."
            )
        angle = arrow["angle"]
        if isinstance(angle, bool) or not isinstance(angle, int | float) or not -360 <= angle <= 360:
            raise ValueError("A pose arrow's angle is a number of degrees between -360 and 360.")


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return "0" if text == "-0.0" else text.removesuffix(".0")


def pose_svg(pose: Mapping, *, alt: str) -> str:
    """The SVG picture of ``pose`` (see the module docstring), labelled ``alt`` for screen readers."""
    validate_pose(pose)
    if not alt.strip():
        raise ValueError("A drawn pose needs alt text.")
    figure = fig.build_figure(pose)
    base, props = pose["base"], list(pose.get("props", []))
    elevation = fig.ELEVATION.get("side_lying" if base == "side_lying" else pose.get("view", ""), 0.0)
    seat = next((fig.SEAT[p] for p in ("bike", "chair") if p in props), None)
    if base == "sitting" and seat is not None:
        lift = seat + 7.5
    else:
        lowest = [p[1] - limb.width / 2 for limb in figure.limbs for p in limb.points]
        lift = -min([*lowest, figure.head[1] - fig.HEAD_R])
        feet = figure.joints["foot_r"][1], figure.joints["foot_l"][1]
        if "step" in props and abs(feet[0] - feet[1]) < 3:
            lift += STEP

    def picture(point: fig.Vec) -> tuple[float, float, float]:
        return fig.project((point[0], point[1] + lift, point[2]), elevation)

    joints = {name: picture(p)[:2] for name, p in figure.joints.items()}
    u, f, _ = figure.frame
    extras = {
        "dowel_low": picture(fig.add(fig.scale(f, -9.5), fig.scale(u, -8)))[:2],
        "dowel_high": picture(fig.combo(f, -9.5, u, fig.TRUNK + fig.NECK + 2 * fig.HEAD_R + 2))[:2],
        "bar": picture(fig.combo(f, -7, u, fig.TRUNK + 1))[:2],
    }
    facing = -1.0 if f[0] < -0.2 else 1.0
    scene = Scene(joints, sitting=base == "sitting" and seat is not None, facing=facing, extras=extras)
    behind: list = []
    front: list = []
    for name in props:
        (front if name in FRONT else behind).extend(PROPS[name](scene))

    depth_of = {
        limb.name: sum(picture(p)[2] for p in limb.points) / len(limb.points) for limb in figure.limbs
    }
    near = "r" if depth_of["leg_r"] + depth_of["arm_r"] >= depth_of["leg_l"] + depth_of["arm_l"] else "l"
    head, eye = picture(figure.head), picture(figure.eye)
    xs = [p[0] for p in joints.values()] + [head[0] - fig.HEAD_R, head[0] + fig.HEAD_R]
    xs += [x for shape in behind + front for x in _xs(shape)]
    left, right = min(xs) - 6, max(xs) + 6
    top = max([p[1] for p in joints.values()] + [head[1] + fig.HEAD_R]) + 4
    zoom = min(1.0, (WIDTH - 8) / (right - left), (FLOOR - 4) / top)
    dx = WIDTH / 2 - zoom * (left + right) / 2

    def place(point: tuple[float, float]) -> str:
        return f"{_num(dx + zoom * point[0])},{_num(FLOOR - zoom * point[1])}"

    drawn: list[tuple[float, int, str]] = []
    for order, limb in enumerate(figure.limbs):
        points = " ".join(place(picture(p)[:2]) for p in limb.points)
        colour = GREY if limb.side and limb.side != near else INK
        depth = depth_of[limb.name] if limb.side else depth_of[limb.name] - 0.5
        drawn.append(
            (depth, order, _limb(points, _num(limb.width * zoom), _num((limb.width + 3) * zoom), colour))
        )
    drawn.append((head[2], 99, _head(place(head[:2]), place(eye[:2]), _num(fig.HEAD_R * zoom))))

    body = [_shape(s, place, zoom) for s in behind]
    body += [s for _, _, s in sorted(drawn)]
    body += [_shape(s, place, zoom) for s in front]
    if "arrow" in pose:
        body.append(_arrow(joints[pose["arrow"]["at"]], float(pose["arrow"]["angle"]), place))
    label = escape(alt.strip(), quote=True)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 160" width="240" height="160" '
        f'role="img" aria-label="{label}"><title>{label}</title>'
        f'<rect width="240" height="160" fill="#ffffff"/>'
        f"{_floor(elevation)}{''.join(body)}</svg>"
    )


def _limb(points: str, width: str, outline: str, colour: str) -> str:
    style = 'fill="none" stroke-linecap="round" stroke-linejoin="round"'
    return (
        f'<polyline points="{points}" {style} stroke="#ffffff" stroke-width="{outline}"/>'
        f'<polyline points="{points}" {style} stroke="{colour}" stroke-width="{width}"/>'
    )


def _head(centre: str, eye: str, radius: str) -> str:
    cx, cy = centre.split(",")
    ex, ey = eye.split(",")
    return (
        f'<circle cx="{cx}" cy="{cy}" r="{radius}" fill="{INK}" stroke="#ffffff" stroke-width="1.5"/>'
        f'<circle cx="{ex}" cy="{ey}" r="1.8" fill="#ffffff"/>'
    )


def _xs(shape) -> list[float]:
    _, attrs = shape
    if "points" in attrs:
        return [p[0] for p in attrs["points"]]
    if "cx" in attrs:
        return [float(attrs["cx"])]
    return [float(attrs["x"]), float(attrs["x"]) + float(attrs["width"])] if "x" in attrs else []


def _shape(shape, place, zoom) -> str:
    name, attrs = shape
    out = []
    for key, value in attrs.items():
        attr = key.replace("_", "-")
        if key == "points":
            out.append(f'points="{" ".join(place(p) for p in value)}"')
        elif key in ("cx", "x"):
            pair = place((float(value), float(attrs.get("cy", attrs.get("y", 0)))))
            out.append(f'{attr}="{pair.split(",")[0]}"')
        elif key in ("cy", "y"):
            top = float(value) + (float(attrs["height"]) if key == "y" else 0)
            out.append(f'{attr}="{place((0.0, top)).split(",")[1]}"')
        elif key in ("r", "rx", "ry", "width", "height"):
            out.append(f'{attr}="{_num(float(value) * zoom)}"')
        else:
            out.append(f'{attr}="{value}"')
    return f"<{name} {' '.join(out)}/>"


def _arrow(start: tuple[float, float], angle: float, place) -> str:
    t = math.radians(angle)
    d = (math.sin(t), math.cos(t))
    near, far = (13, 33) if start[1] + d[1] * 33 > 2 else (-33, -13)  # never below the floor
    a = (start[0] + d[0] * near, start[1] + d[1] * near)
    b = (start[0] + d[0] * far, start[1] + d[1] * far)
    side = (-d[1], d[0])
    wing1 = (b[0] - d[0] * 7 + side[0] * 5, b[1] - d[1] * 7 + side[1] * 5)
    wing2 = (b[0] - d[0] * 7 - side[0] * 5, b[1] - d[1] * 7 - side[1] * 5)
    tip = (b[0] + d[0] * 2, b[1] + d[1] * 2)
    return (
        f'<polyline points="{place(a)} {place(b)}" fill="none" stroke="{INK}" stroke-width="2.5" '
        f'stroke-linecap="round" stroke-dasharray="4 3"/>'
        f'<polygon points="{place(tip)} {place(wing1)} {place(wing2)}" fill="{INK}"/>'
    )


def _floor(elevation: float) -> str:
    if not elevation:
        return (
            f'<line x1="4" y1="{_num(FLOOR)}" x2="236" y2="{_num(FLOOR)}" stroke="{INK}" stroke-width="2"/>'
        )
    rise = 22 * math.sin(math.radians(elevation))
    top, bottom = FLOOR - rise, min(FLOOR + rise, HEIGHT - 1)
    return (
        f'<polygon points="4,{_num(top)} 236,{_num(top)} 236,{_num(bottom)} 4,{_num(bottom)}" '
        'fill="#e4e4e4"/>'
        f'<line x1="4" y1="{_num(bottom)}" x2="236" y2="{_num(bottom)}" stroke="{INK}" stroke-width="2"/>'
    )
