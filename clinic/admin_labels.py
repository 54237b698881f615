"""Names for the admin's unlabelled inputs, so that a screen reader says what each one is."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin as _AdminBase
else:
    _AdminBase = object  # a mixin for model admins


class LabelledListEditable(_AdminBase):
    """A change list's editable cells have no <label>: each input is named by its column and its
    row ("Approved: Pelvic tilt")."""

    def get_changelist_form(self, request, **kwargs):
        form_class = super().get_changelist_form(request, **kwargs)

        class LabelledRowForm(form_class):  # type: ignore[misc,valid-type]  # a form class made per request
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    if not field.widget.is_hidden:
                        field.widget.attrs["aria-label"] = f"{field.label}: {self.instance}"

        return LabelledRowForm
