"""The delegate's card: a QR code of the check-in address, drawn as inline SVG in pure Python (segno)."""

import segno
from django.urls import reverse
from django.utils.safestring import mark_safe


def check_in_url(request, delegate):
    """The address the phone's camera app opens: staff signed in are shown the delegate and the check-in button."""
    return request.build_absolute_uri(reverse("congress:check_in", args=[delegate.token]))


def qr_svg(url):
    # Medium error correction survives a creased or slightly smudged printed card.
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, omitsize=True, dark="#000", light="#fff")
    return mark_safe(svg)  # noqa: S308 - segno writes the SVG; the URL is ours and escaped by segno


def with_qr(request, delegates):
    """[(delegate, check-in url, svg)] for a sheet of cards."""
    rows = []
    for delegate in delegates:
        url = check_in_url(request, delegate)
        rows.append((delegate, url, qr_svg(url)))
    return rows
