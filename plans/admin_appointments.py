"""The front desk's appointments in the admin: booking, recording a cancelled or missed visit, and
"who is coming", the expected visits per therapist for a week or any date range."""

from datetime import timedelta
from typing import cast

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from clinic import access, dates
from clinic.admin_scoping import ClinicScopedAdmin, VisibleTherapistListFilter
from patients.audit import RecordAccessAdminMixin
from patients.models import Appointment
from plans.selectors.coming import coming_between, week_of

LONGEST_RANGE_DAYS = 62
# The clinic's date format for the template's ``date`` filter.
TEMPLATE_DATE_FORMATS: dict[str, str] = {
    dates.DateFormat.DAY_FIRST: "D d/m/Y",
    dates.DateFormat.MONTH_FIRST: "D m/d/Y",
    dates.DateFormat.ISO: "D Y-m-d",
}


class DateRangeForm(forms.Form):
    start = forms.DateField(label="From")
    end = forms.DateField(label="To")

    def __init__(self, *args, date_format: str, **kwargs):
        super().__init__(*args, **kwargs)
        shown = dates.DateFormat(date_format).label
        for name in ("start", "end"):
            field = cast(forms.DateField, self.fields[name])
            field.input_formats = dates.input_formats(date_format)
            field.widget.format = dates.output_format(date_format)
            field.widget.attrs["placeholder"] = shown
            field.help_text = f"As {shown}."
            field.error_messages["invalid"] = f"Enter the date as {shown}."

    def clean(self):
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The range must end on or after its first day.")
        elif start and end and (end - start).days > LONGEST_RANGE_DAYS:
            self.add_error("end", f"Choose at most {LONGEST_RANGE_DAYS} days.")
        return cleaned


class AppointmentForm(forms.ModelForm):
    date_format: str = dates.DateFormat.DAY_FIRST

    class Meta:
        model = Appointment
        fields = ["patient", "therapist", "on_date", "at_time", "status", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        shown = dates.DateFormat(self.date_format).label
        on_date = cast(forms.DateField, self.fields["on_date"])
        on_date.input_formats = dates.input_formats(self.date_format)
        on_date.widget.format = dates.output_format(self.date_format)
        on_date.widget.attrs["placeholder"] = shown
        on_date.help_text = f"As {shown}."

    def clean(self):
        cleaned = super().clean() or {}
        status = cleaned.get("status")
        if status in (Appointment.Status.CANCELLED, Appointment.Status.MISSED) and not cleaned.get("reason"):
            self.add_error("reason", "Say why the visit was cancelled or missed.")
        return cleaned


@admin.register(Appointment)
class AppointmentAdmin(RecordAccessAdminMixin, ClinicScopedAdmin):
    form = AppointmentForm
    list_display = ["on_date", "at_time", "patient", "therapist", "status", "reason"]
    list_filter = ["status", ("therapist", VisibleTherapistListFilter), "on_date"]
    list_select_related = ["patient", "therapist"]
    search_fields = ["patient__family_name", "patient__given_name", "patient__record_number"]
    autocomplete_fields = ["patient"]
    date_hierarchy = "on_date"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"date_format": access.date_format_for(request.user)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "therapist":
            kwargs["queryset"] = access.therapists_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        coming = self.admin_site.admin_view(self.coming_view)
        return [path("coming/", coming, name="patients_appointment_coming"), *super().get_urls()]

    def coming_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        date_format = access.date_format_for(request.user)
        monday, sunday = week_of(dates.today())
        data = request.GET if "start" in request.GET else None
        form = DateRangeForm(data, date_format=date_format, initial={"start": monday, "end": sunday})
        start, end = monday, sunday
        if form.is_bound and form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        context = {
            **self.admin_site.each_context(request),
            "title": "Who is coming",
            "opts": self.model._meta,
            "form": form,
            "start": start,
            "end": end,
            "next_week": (start + timedelta(days=7), end + timedelta(days=7)),
            "shown_format": TEMPLATE_DATE_FORMATS[date_format],
            "groups": coming_between(request.user, start, end) if not form.errors else [],
            "may_record": self.has_add_permission(request),
        }
        return TemplateResponse(request, "admin/patients/appointment/coming.html", context)
