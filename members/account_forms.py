"""allauth's sign-in and password-reset forms, with the portal's message for a mistyped email."""

from allauth.account import forms as allauth_forms

from members.fields import EmailMessages


class LoginForm(EmailMessages, allauth_forms.LoginForm):
    pass


class ResetPasswordForm(EmailMessages, allauth_forms.ResetPasswordForm):
    pass
