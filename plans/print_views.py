"""Printable plan (PDF through WeasyPrint) for therapists; the portal has its own entry point."""

from django.http import HttpResponse

from clinic.access import therapist_required


@therapist_required
def plan_pdf(request, code, number):  # replaced by the portal work
    return HttpResponse(status=501)
