from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils.translation import gettext_lazy as _


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
