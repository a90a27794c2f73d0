"""Small helpers of the delegates' pages."""

from django import template

register = template.Library()


@register.filter
def percent_of(part, whole):
    """'95,3%': one decimal and a decimal comma, as Vietnamese documents write it."""
    if not whole:
        return "–"
    return f"{100 * part / whole:.1f}".replace(".", ",") + "%"


@register.filter
def initial(person):
    """The letter on the photo-less card: the given name's, the name Vietnamese people are called by."""
    return (person.given_name or person.full_name or "?")[0].upper()
