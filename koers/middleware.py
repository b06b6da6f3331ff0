from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from basis.rechten import rechten_van


class RolVereistMiddleware:
    """A logged-in account without any portal role sees nothing but login and logout.

    LoginRequiredMiddleware already keeps anonymous visitors out; this closes the
    gap for accounts that exist but were never given a role.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        vrij = (reverse("login"), reverse("logout"), reverse("admin:index"))
        if request.path.startswith(vrij) or rechten_van(request.user).mag_lezen:
            return None
        raise PermissionDenied
