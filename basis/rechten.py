"""Who may do what. Every view and every POST asks these functions."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from basis.rollen import BEHEERDER, BELEIDSMEDEWERKER, MANAGEMENT

Gebruiker = AbstractBaseUser | AnonymousUser


class Rechten:
    """The roles of one user, read once per request (two queries at most)."""

    def __init__(self, gebruiker: Gebruiker) -> None:
        self.gebruiker = gebruiker
        if not gebruiker.is_authenticated or not gebruiker.is_active:
            self.rollen: frozenset[str] = frozenset()
            self.eigen_opgaven: frozenset[int] = frozenset()
            return
        self.rollen = frozenset(gebruiker.groups.values_list("name", flat=True))  # type: ignore[union-attr]
        self.eigen_opgaven = (
            frozenset(gebruiker.toegewezen_opgaven.values_list("pk", flat=True))  # type: ignore[union-attr]
            if BELEIDSMEDEWERKER in self.rollen
            else frozenset()
        )

    @property
    def is_beheerder(self) -> bool:
        return BEHEERDER in self.rollen or bool(getattr(self.gebruiker, "is_superuser", False))

    @property
    def is_management(self) -> bool:
        return MANAGEMENT in self.rollen

    @property
    def mag_lezen(self) -> bool:
        return self.is_beheerder or bool(self.rollen & {MANAGEMENT, BELEIDSMEDEWERKER})

    @property
    def bewerkt_iets(self) -> bool:
        """Whether pages show this user any edit control (then they are not shared)."""
        return self.is_beheerder or bool(self.eigen_opgaven)

    def mag_wijziging_vaststellen(self) -> bool:
        """Deciding a budget amendment (concept to vastgesteld) is for a beheerder only."""
        return self.is_beheerder

    def mag_rapportage_vaststellen(self) -> bool:
        """Freezing a voortgangsrapportage: management, or a beheerder."""
        return self.is_beheerder or self.is_management

    def mag_vastgestelde_rapportages_beheren(self) -> bool:
        """The admin's read-only view of frozen reports: a beheerder."""
        return self.is_beheerder

    def mag_beheer_openen(self) -> bool:
        """The link to the admin in the menu: whoever Django's admin lets in (staff)."""
        return bool(getattr(self.gebruiker, "is_staff", False)) and self.gebruiker.is_active

    def mag_verwijderingen_herstellen(self) -> bool:
        """The overview of deletions and restoring one: a beheerder."""
        return self.is_beheerder

    def mag_bewerken(self, opgave: models.Model | int) -> bool:
        """Whether this user may edit opgave `opgave` (an Opgave or its id) and its items."""
        if self.is_beheerder:
            return True
        opgave_id = opgave if isinstance(opgave, int) else opgave.pk
        return opgave_id in self.eigen_opgaven


def rechten_van(gebruiker: Gebruiker) -> Rechten:
    """The user's Rechten, cached on the user object for the rest of the request."""
    rechten = getattr(gebruiker, "_koers_rechten", None)
    if rechten is None:
        rechten = Rechten(gebruiker)
        gebruiker._koers_rechten = rechten  # type: ignore[union-attr]
    return rechten


def rechten(request) -> dict[str, Rechten]:
    """Template context processor: `rechten` for the pages' own "who may" questions."""
    return {"rechten": rechten_van(request.user)}
