"""A library exercise's start or end picture: the uploaded file, else the drawn SVG. The library is
shared by every clinic, so any clinic staff account or portal patient may see it."""

from __future__ import annotations

import mimetypes

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from clinic import access
from plans.models import Exercise
from plans.render.pictures import WHICH, drawn_svg
from plans.render.poses import RENDERER_VERSION

CACHE_SECONDS = 24 * 60 * 60


def may_see_library_pictures(user) -> bool:
    return access.is_clinic_staff(user) or access.portal_patient_of(user) is not None


@login_required
def exercise_picture(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    if not may_see_library_pictures(request.user):
        raise PermissionDenied
    if which not in WHICH:
        raise Http404("No such picture.")
    exercise = get_object_or_404(Exercise.objects.visible_to(request.user), pk=pk)
    upload = getattr(exercise, f"{which}_picture")
    modified = int(exercise.updated_at.timestamp())
    etag = f'"{exercise.pk}-{which}-{modified}-{"u" if upload else f"d{RENDERER_VERSION}"}"'
    not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
    if not_modified is not None:
        response = not_modified
    elif upload:
        with upload.open("rb") as stored:
            content = stored.read()
        content_type = mimetypes.guess_type(upload.name)[0] or "application/octet-stream"
        response = HttpResponse(content, content_type=content_type)
    else:
        svg = drawn_svg(exercise, which)
        if svg is None:
            raise Http404("This exercise has no such picture.")
        response = HttpResponse(svg, content_type="image/svg+xml")
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = f"private, max-age={CACHE_SECONDS}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
