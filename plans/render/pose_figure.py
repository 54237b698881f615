"""The body of a drawn pose: forward kinematics from joint angles to points in a 3D world, then an
orthographic camera. ``plans.render.poses`` validates a pose and turns these points into SVG.

World axes: x to the picture's right, y up (the floor is y = 0), z towards the viewer. A person's
body frame is U (pelvis to head), F (the way the belly faces) and R (the person's right). Every limb
is first bent in the body's side plane (span of -U and F) and then swung out sideways about F
(abduction), so a joint angle means the same thing whichever way the body lies."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

Vec = tuple[float, float, float]

TRUNK, NECK, HEAD_R = 44.0, 7.0, 9.5
THIGH, SHANK, FOOT = 33.0, 31.0, 9.0
UPPER_ARM, FOREARM = 24.0, 23.0
HIP_HALF, SHOULDER_HALF = 4.0, 7.0
SEAT = {"chair": 29.0, "bike": 50.0}

# (U, F, R) of each base before the trunk leans, and the angles a pose may leave out.
FRAMES: dict[str, tuple[Vec, Vec, Vec]] = {
    "side_lying": ((-1.0, 0.0, 0.0), (0.0, 0.0, 1.0), (0.0, 1.0, 0.0)),
}
UPRIGHT: tuple[Vec, Vec, Vec] = ((0.0, 1.0, 0.0), (1.0, 0.0, 0.0), (0.0, 0.0, 1.0))
DEFAULTS: dict[str, dict[str, float]] = {
    "standing": {},
    "sitting": {"hip_l": 90, "hip_r": 90, "knee_l": 90, "knee_r": 90},
    "lying_back": {"trunk": -90},
    "lying_front": {"trunk": 90},
    "side_lying": {},
    "hands_knees": {"trunk": 90, "hip_l": 90, "hip_r": 90, "knee_l": 90, "knee_r": 90},
    "kneeling": {"knee_l": 90, "knee_r": 90},
    "half_kneeling": {"hip_r": 90, "knee_r": 90, "knee_l": 90, "hip_l": -10},
}
ELEVATION = {"side_lying": 45.0, "above": 30.0}


def add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def scale(a: Vec, k: float) -> Vec:
    return (a[0] * k, a[1] * k, a[2] * k)


def combo(a: Vec, ka: float, b: Vec, kb: float) -> Vec:
    return (a[0] * ka + b[0] * kb, a[1] * ka + b[1] * kb, a[2] * ka + b[2] * kb)


def dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def rotate(v: Vec, axis: Vec, degrees: float) -> Vec:
    """``v`` turned about the unit ``axis`` (Rodrigues)."""
    t = math.radians(degrees)
    c, s = math.cos(t), math.sin(t)
    k = cross(axis, v)
    d = dot(axis, v) * (1 - c)
    return (
        v[0] * c + k[0] * s + axis[0] * d,
        v[1] * c + k[1] * s + axis[1] * d,
        v[2] * c + k[2] * s + axis[2] * d,
    )


def tilt(a: Vec, b: Vec, degrees: float) -> tuple[Vec, Vec]:
    """Turn the pair of unit vectors ``a`` towards ``b`` by ``degrees`` (both turn together)."""
    t = math.radians(degrees)
    return combo(a, math.cos(t), b, math.sin(t)), combo(b, math.cos(t), a, -math.sin(t))


@dataclass(frozen=True)
class Limb:
    name: str
    points: tuple[Vec, ...]
    width: float
    side: str  # "l", "r" or "" (trunk, neck)


@dataclass(frozen=True)
class Figure:
    limbs: tuple[Limb, ...]
    head: Vec
    eye: Vec
    joints: dict[str, Vec]
    frame: tuple[Vec, Vec, Vec]


def _angle(pose: Mapping, key: str) -> float:
    value = pose.get(key, DEFAULTS[pose["base"]].get(key, 0))
    return float(value)


def _bend(down: Vec, front: Vec, degrees: float) -> Vec:
    """A direction bent from ``down`` (-U) towards ``front`` (F) in the body's side plane."""
    t = math.radians(degrees)
    return combo(down, math.cos(t), front, math.sin(t))


def _swing(v: Vec, down: Vec, side: Vec, degrees: float) -> Vec:
    """Swing a side-plane direction out sideways about F: its -U part turns towards ``side``."""
    a = dot(v, down)
    t = math.radians(degrees)
    rest = combo(v, 1.0, down, -a)
    return add(rest, combo(down, a * math.cos(t), side, a * math.sin(t)))


def build_figure(pose: Mapping) -> Figure:
    base = pose["base"]
    u, f, r = FRAMES.get(base, UPRIGHT)
    if pose.get("view") == "front":
        u, f, r = (0.0, 1.0, 0.0), (0.0, 0.0, 1.0), (-1.0, 0.0, 0.0)
    u, f = tilt(u, f, _angle(pose, "trunk"))
    if base == "side_lying":  # the whole body rises from the feet (a side plank)
        u, r = tilt(u, r, _angle(pose, "side_bend"))
    legs_u, legs_r = u, r
    u, r = tilt(u, r, 0.0 if base == "side_lying" else _angle(pose, "side_bend"))
    down = scale(u, -1.0)
    legs_down = scale(legs_u, -1.0)
    pelvis: Vec = (0.0, 0.0, 0.0)
    chest = scale(u, TRUNK)
    twist = _angle(pose, "twist")
    roll = _angle(pose, "legs_roll")
    upper_f, upper_r = rotate(f, u, twist), rotate(r, u, twist)
    joints: dict[str, Vec] = {"pelvis": pelvis, "chest": chest}
    curve = _angle(pose, "spine") / 60.0 * 11.0
    spine = tuple(
        add(scale(u, TRUNK * t), scale(f, -curve * 4 * t * (1 - t))) for t in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
    )
    limbs: list[Limb] = [Limb("trunk", spine, 15.0, "")]
    for side_name, sign in (("l", -1.0), ("r", 1.0)):
        side = scale(legs_r, sign)
        hip = add(pelvis, scale(side, HIP_HALF))
        flex, knee_bend = _angle(pose, f"hip_{side_name}"), _angle(pose, f"knee_{side_name}")
        abd = _angle(pose, f"hip_abd_{side_name}")
        ankle_bend = flex - knee_bend + 90 - _angle(pose, f"ankle_{side_name}")
        thigh, shank, foot = (
            rotate(_swing(_bend(legs_down, f, a), legs_down, side, abd), legs_u, roll)
            for a in (flex, flex - knee_bend, ankle_bend)
        )
        knee = add(hip, scale(thigh, THIGH))
        ankle = add(knee, scale(shank, SHANK))
        opening = _angle(pose, f"knee_open_{side_name}")
        if opening:
            knee = _open_knee(hip, knee, ankle, rotate(side, legs_u, roll), opening)
        toe = add(ankle, scale(foot, FOOT))
        shoulder = add(chest, scale(upper_r, sign * SHOULDER_HALF))
        arm_flex, elbow_bend = _angle(pose, f"shoulder_{side_name}"), _angle(pose, f"elbow_{side_name}")
        arm_abd = _angle(pose, f"shoulder_abd_{side_name}")
        arm_side = scale(upper_r, sign)
        upper = _swing(_bend(down, upper_f, arm_flex), down, arm_side, arm_abd)
        fore = _swing(_bend(down, upper_f, arm_flex + elbow_bend), down, arm_side, arm_abd)
        elbow = add(shoulder, scale(upper, UPPER_ARM))
        hand = add(elbow, scale(fore, FOREARM))
        joints.update(
            {
                f"hip_{side_name}": hip,
                f"knee_{side_name}": knee,
                f"foot_{side_name}": ankle,
                f"toe_{side_name}": toe,
                f"shoulder_{side_name}": shoulder,
                f"elbow_{side_name}": elbow,
                f"hand_{side_name}": hand,
            }
        )
        limbs.append(Limb(f"leg_{side_name}", (hip, knee, ankle, toe), 10.0, side_name))
        limbs.append(Limb(f"arm_{side_name}", (shoulder, elbow, hand), 7.5, side_name))
    neck_dir, face = tilt(u, upper_f, _angle(pose, "neck"))
    head = add(chest, scale(neck_dir, NECK + HEAD_R))
    joints["waist"] = spine[2]
    limbs.append(Limb("neck", (chest, add(chest, scale(neck_dir, NECK + 2))), 8.0, ""))
    eye = add(add(head, scale(face, HEAD_R * 0.55)), scale(neck_dir, HEAD_R * 0.15))
    joints["head"] = head
    return Figure(tuple(limbs), head, eye, joints, (u, f, r))


def _open_knee(hip: Vec, knee: Vec, ankle: Vec, side: Vec, degrees: float) -> Vec:
    """The knee turned out about the hip-to-ankle line, the foot staying put (a clamshell)."""
    axis = add(ankle, scale(hip, -1.0))
    length = math.sqrt(dot(axis, axis)) or 1.0
    axis = scale(axis, 1 / length)
    rel = add(knee, scale(hip, -1.0))
    turned = rotate(rel, axis, degrees)
    if dot(add(turned, scale(rel, -1.0)), side) < 0:
        turned = rotate(rel, axis, -degrees)
    return add(hip, turned)


def project(point: Vec, elevation: float) -> tuple[float, float, float]:
    """Picture x, picture y (up) and depth (towards the viewer) of a world point."""
    t = math.radians(elevation)
    x, y, z = point
    return x, y * math.cos(t) - z * math.sin(t), z * math.cos(t) + y * math.sin(t)
