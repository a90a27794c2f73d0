"""Form fields and form behaviour shared by every app's forms, the admin's and the sign-in pages'."""

from django import forms
from django.utils.translation import gettext_lazy as _

# Django's own message ("Nhập địa chỉ email.") reads as if nothing was typed; this says what is wrong.
EMAIL_INVALID = _("Địa chỉ email chưa đúng, ví dụ: ten@vi-du.vn.")


class EmailAddressField(forms.EmailField):
    """An email field of the portal's own forms."""

    default_error_messages = {"invalid": EMAIL_INVALID}


class EmailMessages:
    """For forms whose email fields are made elsewhere (model forms, the admin's, allauth's): the same message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.EmailField):
                field.error_messages["invalid"] = EMAIL_INVALID
