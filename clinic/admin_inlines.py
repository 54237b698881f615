"""Admin inlines with a bounded row count, so a forged TOTAL_FORMS builds at most ``max_num`` forms
and gets Django's "Please submit at most N forms" error instead of thousands of rows."""

from django.contrib import admin


class BoundedTabularInline(admin.TabularInline):
    max_num = 100  # well above any real parent: a cause's evidence, a clinic's staff

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("absolute_max", self.max_num)
        kwargs.setdefault("validate_max", True)
        return super().get_formset(request, obj, **kwargs)
