"""Small helpers several test modules share."""

import csv
import io


def csv_rijen(response) -> list[list[str]]:
    """The rows of a CSV export: UTF-8 with a byte order mark (for Excel), ';' separated."""
    tekst = response.content.decode("utf-8")
    assert tekst.startswith("\ufeff")
    return list(csv.reader(io.StringIO(tekst[1:]), delimiter=";"))
