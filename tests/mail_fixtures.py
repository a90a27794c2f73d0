"""A mail server that refuses chosen messages, for the tests of what happens when an invitation cannot be sent.

`failing_mail.refuse = {3}` makes the third message handed to the server in the test fail with the error an
SMTP server gives for an unknown recipient; the others land in django.core.mail.outbox as usual.
"""

import smtplib

import pytest
from django.core.mail.backends import locmem

__all__ = ["RefusingBackend", "failing_mail"]


class RefusingBackend(locmem.EmailBackend):
    refuse = set()
    handed = 0

    def send_messages(self, messages):
        for message in messages:
            type(self).handed += 1
            if type(self).handed in type(self).refuse:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"5.1.1 User unknown")})
        return super().send_messages(messages)


@pytest.fixture
def failing_mail(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.mail_fixtures.RefusingBackend"
    RefusingBackend.refuse, RefusingBackend.handed = set(), 0
    yield RefusingBackend
    RefusingBackend.refuse, RefusingBackend.handed = set(), 0
