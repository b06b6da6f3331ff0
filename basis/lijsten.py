"""Long lists on a page: the first part, and how many there are in all.

A page that lists every item of a section grows with the data; above a few
dozen items nobody reads them on one page anyway. Pages show the first
`OP_PAGINA` and link to the whole list (`?alles=1`) or to a filtered list page.
"""

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.http import HttpRequest

T = TypeVar("T")

OP_PAGINA = 25


@dataclass
class Ingekort(Generic[T]):
    items: list[T]
    aantal: int

    @property
    def meer(self) -> int:
        return self.aantal - len(self.items)

    def __iter__(self):
        return iter(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def ingekort(obj: object, lijst: str, limiet: int | None = None) -> Ingekort:
    """`obj.<lijst>` as a query read it (maybe its first part), with its full number:
    `obj.aantal_<lijst>` when the query annotated it, else the list's length. With
    `limiet` at most that many items."""
    items = list(getattr(obj, lijst))
    aantal = getattr(obj, f"aantal_{lijst}", len(items))
    return Ingekort(items if limiet is None else items[:limiet], aantal)


def alles_gevraagd(request: HttpRequest) -> bool:
    return request.GET.get("alles") == "1"
