"""Delegates: summoning, credentials, check-in, and the attendance the quorum and majority are counted on."""

from congress.models import Delegate


def attendance(congress):
    """{'summoned': n, 'present': n}: counted delegates (no guests, no revoked codes), and those checked in."""
    counted = Delegate.objects.filter(congress=congress).counted()
    return {"summoned": counted.count(), "present": counted.filter(check_in__isnull=False).count()}
