from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    """Referring a case, or some of its survivors, to a partner organisation on the same
    instance: consent checked, only the chosen sections shared, accepted or declined with a
    reason, and the hand-over on both timelines."""

    name = "mukti.referrals"
    label = "referrals"
    verbose_name = "Referrals"
