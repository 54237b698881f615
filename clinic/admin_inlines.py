"""Admin inlines with a bounded row count, so a forged TOTAL_FORMS builds at most ``absolute_max``
forms and gets Django's "Please submit at most N forms" error instead of thousands of rows."""

from django.contrib import admin


class BoundedTabularInline(admin.TabularInline):
    # Well above any real parent (a cause's evidence, a clinic's staff). Not ``validate_max``: Django
    # sets ``max_num`` to 0 for an inline the user may only read, which would refuse its existing rows.
    max_num = 100
    absolute_max = 100

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("absolute_max", self.absolute_max)
        return super().get_formset(request, obj, **kwargs)
