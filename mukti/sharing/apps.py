from django.apps import AppConfig


class SharingConfig(AppConfig):
    """What leaves the organisation about one case: a survivor's pseudonymised story (with her
    consent, approved by a supervisor) and referral packets to an authority or partner through
    an expiring link with a code sent apart. Every path asks the one consent gate
    (care/consent.py) and is audited."""

    name = "mukti.sharing"
    label = "sharing"
    verbose_name = "Sharing"
