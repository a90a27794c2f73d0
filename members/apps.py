import functools

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils.translation import gettext_lazy as _

from members import text

# The portal's own apps, whose records are saved without the characters members.text never stores.
PORTAL_APPS = frozenset({"members", "reports", "congress"})

_text_fields = functools.cache(text.text_fields)


def remove_hidden_characters(sender, instance, **kwargs):
    """Every save of a portal record, the admin's and a shell's included, stores its text as it reads."""
    if sender._meta.app_label not in PORTAL_APPS:
        return
    for attname, multiline in _text_fields(sender):
        value = getattr(instance, attname)
        if isinstance(value, str):
            setattr(instance, attname, text.remove_hidden(value, multiline=multiline))


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Tổ chức và hội viên")

    def ready(self):
        # Plain saves and deletes (the admin, a shell) keep the member-count ledger right too.
        from members import member_counts
        from members.models import Association, Membership

        uid = "member_counts"
        pre_save.connect(member_counts.membership_will_change, sender=Membership, dispatch_uid=uid)
        post_save.connect(member_counts.saved_or_deleted, sender=Membership, dispatch_uid=uid)
        pre_delete.connect(member_counts.membership_will_be_deleted, sender=Membership, dispatch_uid=uid)
        post_delete.connect(member_counts.saved_or_deleted, sender=Membership, dispatch_uid=uid)
        pre_save.connect(member_counts.association_will_change, sender=Association, dispatch_uid=uid)
        post_save.connect(member_counts.saved_or_deleted, sender=Association, dispatch_uid=uid)
        pre_save.connect(remove_hidden_characters, dispatch_uid="remove_hidden_characters")
