"""Admin messages use the right Dutch article."""

from django.utils.safestring import SafeString, mark_safe

from basis.beheer import lidwoord, met_lidwoord
from budget.models import Begrotingsbedrag, Begrotingsregel
from resultaten.models import Resultaat


def test_a_het_word_gets_het_in_the_admins_messages():
    bericht = mark_safe(
        "De begrotingsbedrag “2026” is gewijzigd. Hieronder kunt u de begrotingsbedrag opnieuw bewerken."
    )
    nieuw = met_lidwoord(bericht, Begrotingsbedrag)
    assert nieuw == (
        "Het begrotingsbedrag “2026” is gewijzigd. "
        "Hieronder kunt u het begrotingsbedrag opnieuw bewerken."
    )
    assert isinstance(nieuw, SafeString)


def test_a_de_word_keeps_de():
    assert lidwoord(Begrotingsregel) == "de"
    assert lidwoord(Resultaat) == "het"
    assert met_lidwoord("De begrotingsregel “X” is gewijzigd.", Begrotingsregel) == (
        "De begrotingsregel “X” is gewijzigd."
    )
