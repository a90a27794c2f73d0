import base64
import hashlib
from urllib.parse import unquote

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
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


def refuse_oversized_body(get_response):
    """A request body over MAX_REQUEST_BYTES answers 413 before anything reads it.

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not uploaded files, which it spools to disk
    whatever their size; every upload of the portal has a limit far below this one (members.importing.files
    and the congress's document form), so a larger body is refused whole and stored nowhere.
    """

    def middleware(request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            response = render(request, "413.html", {"limit": settings.MAX_REQUEST_BYTES}, status=413)
            response["Connection"] = "close"
            return response
        return get_response(request)

    return middleware


def _hash(source):
    digest = hashlib.sha256(source.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


# The portal's pages load scripts and styles from its own static files only: nothing written into a page
# runs, so text that slipped through as HTML could not run either.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# In the admin, django-import-export's export page has an inline handler and two inline styles of its own,
# and django-simple-history's change history one inline style: the admin allows exactly those, by hash.
ADMIN_INLINE_STYLES = ["padding: 0;", "font-weight: bold;", "border-top: 0"]
ADMIN_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY,
    "script-src": f"'self' 'unsafe-hashes' {_hash('onSelectToggleChange(event)')}",
    "style-src": " ".join(["'self' 'unsafe-hashes'", *map(_hash, ADMIN_INLINE_STYLES)]),
}


def _header(policy):
    return "; ".join(f"{directive} {sources}" for directive, sources in policy.items())


def content_security_policy(get_response):
    """Every response says where scripts, styles, images and form posts may come from (see above)."""
    portal, admin = _header(CONTENT_SECURITY_POLICY), _header(ADMIN_CONTENT_SECURITY_POLICY)

    def middleware(request):
        response = get_response(request)
        match = getattr(request, "resolver_match", None)
        in_admin = match is not None and "admin" in match.namespaces
        response.headers.setdefault("Content-Security-Policy", admin if in_admin else portal)
        return response

    return middleware
