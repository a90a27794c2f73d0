from urllib.parse import unquote

from django.middleware.locale import LocaleMiddleware
from django.views.defaults import bad_request


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user picked English with the switcher: the browser's language is not asked.

    Offices often run browsers set to English; the portal must still speak Vietnamese to them.
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)


def refuse_nul_in_address(get_response):
    """An address with a NUL in its path or query string answers 400 before any view reads it.

    PostgreSQL refuses a NUL in a query (an error page) and SQLite looks it up as it is; no address of the
    portal holds one. Forms refuse a NUL in what is typed into them, with a message.
    """

    def middleware(request):
        if "\x00" in request.path_info or "\x00" in unquote(request.META.get("QUERY_STRING", "")):
            return bad_request(request, exception=None)
        return get_response(request)

    return middleware
