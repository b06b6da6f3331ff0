from django.contrib.auth import get_user_model

from basis.rollen import MANAGEMENT, richt_rollen_in
from bench import rollen, verslag


def test_the_bench_measures_every_page_uncached_per_role_and_the_write_path(db):
    management = get_user_model().objects.create_user(username="bench-management")
    management.groups.set([richt_rollen_in()[MANAGEMENT]])
    activiteit = rollen._activiteit()
    tekst = activiteit.omschrijving

    uitkomst = rollen.meet(management, herhalingen=1)

    assert set(uitkomst["per_rol"]) == {naam for naam, _ in rollen.paginas()}
    for per_rol in uitkomst["per_rol"].values():
        assert set(per_rol) == {"beleid", "management"}
        for meting in per_rol.values():
            assert meting.fouten == []
            assert meting.queries > 0
            assert len(meting.tijden_ms) == len(meting.vloer_ms) == 1
    schrijfpad = uitkomst["schrijfpad"]
    assert schrijfpad.fouten == []
    assert len(schrijfpad.tijden_ms) == 1
    # The write path saved for real and put the text back as it was.
    activiteit.refresh_from_db()
    assert activiteit.omschrijving == tekst
    assert activiteit.versie > 1

    tekst = "\n".join(verslag.ongecachet({"ongecachet": uitkomst}, {"ongecachet": uitkomst}))
    assert "## Ongecachet per rol en het schrijfpad (issue 18)" in tekst
    assert "| opgave 3 |" in tekst
    assert "Schrijfpad" in tekst
