"""Small helpers of the delegates' pages."""

from django import template

from members import numbers

register = template.Library()


@register.filter
def percent_of(part, whole):
    """'95,3%' (in English '95.3%'): one decimal, the language's decimal mark."""
    return numbers.percent_of(part, whole)


@register.filter
def initial(person):
    """The letter on the photo-less card: the given name's, the name Vietnamese people are called by."""
    return (person.given_name or person.full_name or "?")[0].upper()
