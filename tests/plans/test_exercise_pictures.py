"""Drawn exercise pictures: every exercise's poses draw, the tag shows them (an upload wins), the
picture view serves them to staff and portal patients, and the plan editor previews them."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.urls import reverse

from plans.models import Exercise
from plans.render.pictures import WHICH
from plans.render.poses import pose_svg, validate_pose
from plans.services import plan_versions as services
from tests.factories import EpisodeFactory, ExerciseFactory

DATA = Path(__file__).resolve().parents[2] / "plans" / "data"
POSES = json.loads((DATA / "poses.json").read_text())
LIBRARY_SLUGS = [row["slug"] for row in json.loads((DATA / "exercises.json").read_text())]
MANIFEST_NEW_SLUGS = [
    "mcgill-curl-up", "graded-activity-plan", "graded-exposure-plan", "flexion-in-standing",
    "positions-of-ease", "interval-walking", "back-extensor-isometrics", "slump-slider",
    "seated-thoracic-rotation", "pelvic-floor-transversus", "side-lying-leg-lift",
    "standing-pelvic-stability", "standing-hip-abduction", "seated-march", "step-up", "wall-push-up",
    "farmer-carry", "suitcase-carry", "wall-sit", "heel-slide", "dead-bug-arms",
    "supported-tandem-stance", "supported-weight-shift", "quadruped-rock-back",
    "femoral-nerve-tensioner", "seated-hamstring-stretch",
]  # fmt: skip
# Words patients never see (common brief "Words patients see").
JARGON = re.compile(
    r"stenosis|radiculopathy|degeneration|spondyl|sacroiliac|likely|suits|contraindicated|flexion|"
    r"extension|lumbar|thoracic|bilateral|peripheraliz|centraliz|MCID|NPRS|ODI|STarT|FABQ|PSFS|RMDQ|"
    r"supine|prone|quadruped|isometric|proprioception|transversus|tensioner|directional preference|"
    r"None usual|hold 15 min",
    re.IGNORECASE,
)
SVG = "{http://www.w3.org/2000/svg}"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"  # noqa: E501


def test_every_exercise_of_the_library_and_the_manifest_has_start_and_end_poses():
    assert len(MANIFEST_NEW_SLUGS) == 26
    missing = sorted(set(LIBRARY_SLUGS + MANIFEST_NEW_SLUGS) - set(POSES))
    assert missing == []
    for slug, entry in POSES.items():
        assert set(entry) == {"start", "end", "start_alt", "end_alt"}, slug


@pytest.mark.parametrize("slug", sorted(POSES))
def test_each_pose_draws_well_formed_svg_labelled_with_its_alt_text(slug):
    entry = POSES[slug]
    drawn = {}
    for which in ("start", "end"):
        alt = entry[f"{which}_alt"]
        assert alt.strip() and not JARGON.search(alt), f"{slug} {which}: {alt}"
        assert alt[0].isupper() and alt.endswith("."), alt
        svg = pose_svg(entry[which], alt=alt)
        root = ET.fromstring(svg)
        assert root.tag == f"{SVG}svg" and root.get("viewBox") == "0 0 240 160"
        assert root.get("role") == "img" and root.get("aria-label") == alt
        assert root.find(f"{SVG}title").text == alt
        assert "href" not in svg and "url(" not in svg  # no outside resources
        assert pose_svg(entry[which], alt=alt) == svg  # the same pose draws the same picture
        drawn[which] = svg.replace(alt, "")
    assert drawn["start"] != drawn["end"], f"{slug}: start and end look the same"


@pytest.mark.parametrize(
    ("pose", "message"),
    [
        ([], "must be a mapping"),
        ({"base": "floating"}, "base must be one of"),
        ({"base": "standing", "hipl": 10}, "Unknown pose key(s): hipl"),
        ({"base": "standing", "knee_l": 200}, "knee_l must be between 0 and 170 degrees, not 200"),
        ({"base": "standing", "trunk": "forward"}, "trunk must be a number"),
        ({"base": "standing", "neck": True}, "neck must be a number"),
        ({"base": "lying_back", "view": "front"}, "front view is drawn only for"),
        ({"base": "standing", "props": ["trampoline"]}, "Unknown pose prop(s): trampoline"),
        ({"base": "standing", "props": ["wall", "wall"]}, "each prop once"),
        ({"base": "standing", "arrow": {"at": "nose", "angle": 0}}, "arrow starts at a joint"),
        ({"base": "standing", "arrow": {"at": "head"}}, "A pose arrow is"),
    ],
)
def test_a_bad_pose_is_refused_with_a_clear_message(pose, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        validate_pose(pose)
    with pytest.raises(ValueError, match=re.escape(message)):
        pose_svg(pose, alt="A picture.")


def test_a_drawn_pose_needs_alt_text_and_escapes_it():
    with pytest.raises(ValueError, match="alt text"):
        pose_svg({"base": "standing"}, alt=" ")
    svg = pose_svg({"base": "standing"}, alt='Standing "tall" & <still>.')
    assert ET.fromstring(svg).find(f"{SVG}title").text == 'Standing "tall" & <still>.'


def _drawn(poses_of="glute-bridge", **fields) -> Exercise:
    entry = POSES[poses_of]
    return ExerciseFactory(
        start_pose=entry["start"],
        end_pose=entry["end"],
        start_picture_alt=entry["start_alt"],
        end_picture_alt=entry["end_alt"],
        **fields,
    )


def _render(exercise, size="card") -> str:
    template = Template("{% load exercise_pictures %}{% exercise_pictures exercise size=size %}")
    return template.render(Context({"exercise": exercise, "size": size}))


@pytest.mark.django_db
@pytest.mark.parametrize("size", ["card", "preview", "print"])
def test_the_tag_shows_the_start_and_end_pictures_with_their_alt_text(size):
    exercise = _drawn()
    html = _render(exercise, size)
    images = re.findall(r'<img src="([^"]+)" alt="([^"]+)"', html)
    assert [alt for _, alt in images] == [exercise.start_picture_alt, exercise.end_picture_alt]
    if size == "print":  # the PDF fetches no URL
        assert all(src.startswith("data:image/svg+xml;base64,") for src, _ in images)
    else:  # pages load the drawing from the picture view, which browsers cache
        urls = [reverse("plans:exercise-picture", kwargs={"pk": exercise.pk, "which": w}) for w in WHICH]
        assert [src.split("?")[0] for src, _ in images] == urls
    assert ">Start<" in html and ">End<" in html and f"exercise-pictures-{size}" in html


@pytest.mark.django_db
def test_the_tag_shows_nothing_for_an_exercise_without_pictures():
    assert _render(ExerciseFactory()).strip() == ""


@pytest.mark.django_db
def test_an_uploaded_picture_replaces_the_drawn_one(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    exercise = _drawn(picture_licence="Photo by the clinic, CC BY 4.0")
    exercise.start_picture.save("bridge-start.gif", ContentFile(GIF))
    printed = _render(exercise, "print")
    url = reverse("plans:exercise-picture", kwargs={"pk": exercise.pk, "which": "start"})
    assert "data:image/gif;base64," in printed and url not in printed  # the PDF fetches no URL
    assert printed.count("data:image/svg+xml") == 1  # the end is still drawn


@pytest.fixture
def picture_url(db):
    return reverse("plans:exercise-picture", kwargs={"pk": _drawn().pk, "which": "end"})


def test_the_picture_view_wants_a_login(client, picture_url):
    response = client.get(picture_url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_account_that_is_neither_staff_nor_a_portal_patient_is_refused(client, picture_url):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="stranger"))
    assert client.get(picture_url).status_code == 403


@pytest.mark.parametrize("who", ["therapist", "admin_staff", "outsider", "patient_account"])
def test_staff_of_any_clinic_and_portal_patients_see_the_drawn_svg(client, picture_url, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(picture_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert ET.fromstring(response.content).get("aria-label") == POSES["glute-bridge"]["end_alt"]
    assert response["ETag"] and response["Last-Modified"] and "max-age" in response["Cache-Control"]
    again = client.get(picture_url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_picture_view_serves_an_upload_with_its_content_type(therapist_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    exercise = _drawn(picture_licence="Photo by the clinic, CC BY 4.0")
    exercise.end_picture.save("bridge-end.gif", ContentFile(GIF))
    response = therapist_client.get(
        reverse("plans:exercise-picture", kwargs={"pk": exercise.pk, "which": "end"})
    )
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    assert response.content == GIF


def test_unknown_exercises_pictures_and_missing_poses_are_404(therapist_client):
    exercise = _drawn()
    url = "plans:exercise-picture"
    assert therapist_client.get(reverse(url, kwargs={"pk": 999999, "which": "start"})).status_code == 404
    assert (
        therapist_client.get(reverse(url, kwargs={"pk": exercise.pk, "which": "middle"})).status_code == 404
    )
    bare = ExerciseFactory()
    assert therapist_client.get(reverse(url, kwargs={"pk": bare.pk, "which": "start"})).status_code == 404


def _plan_of(episode, therapist, slugs):
    exercises = []
    for slug in slugs:
        exercise = Exercise.objects.filter(slug=slug).first() or _drawn(slug, slug=slug)
        entry = POSES[slug]
        exercise.start_pose, exercise.end_pose = entry["start"], entry["end"]
        exercise.start_picture_alt, exercise.end_picture_alt = entry["start_alt"], entry["end_alt"]
        exercise.save()
        exercises.append(
            {"exercise": exercise, "sets": 2, "reps": 10, "times_per_day": 1, "days_per_week": 7}
        )
    content = services.PlanContent(
        review_date=date.today() + timedelta(days=14), exercises=exercises, education=[], goals=[]
    )
    return services.plan_version_approve(episode=episode, content=content, user=therapist)


@pytest.mark.parametrize(
    "slugs",
    [
        ["glute-bridge"],
        ["glute-bridge", "bird-dog", "cat-camel", "side-plank", "wall-sit", "heel-raise", "step-up"],
    ],
)
def test_the_plan_editor_previews_each_rows_pictures_and_steps_in_bounded_queries(
    therapist_client, patient, therapist, slugs, django_assert_max_num_queries
):
    episode = EpisodeFactory(patient=patient, onset_date=date.today() - timedelta(days=20))
    _plan_of(episode, therapist, slugs)
    with django_assert_max_num_queries(25):
        response = therapist_client.get(reverse("plans:plan_edit", args=[episode.code]))
    html = response.text
    assert response.status_code == 200
    assert html.count('data-testid="exercise-preview"') == len(slugs)
    assert html.count("<details") >= len(slugs)
    assert POSES["glute-bridge"]["start_alt"] in html
    assert "<ol" in html  # the steps
