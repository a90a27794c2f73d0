from django import template

register = template.Library()


@register.simple_tag
def field_input(bound_field, **attrs):
    """Render a form field's widget with extra attributes (placeholder, autocomplete) set by the template."""
    return bound_field.as_widget(attrs=attrs)


@register.filter
def initials(user):
    """The avatar's letter: the initial of the given name, the word Vietnamese people are called by."""
    name = getattr(user, "full_name", "") or getattr(user, "email", "") or "?"
    return name.split()[-1][0].upper()


# Titles written before a name in Vietnamese documents ("GS.TS. Nguyễn Văn A", "ThS. Lê Thị B").
_TITLES_BEFORE_NAME = ("GS", "PGS", "TSKH", "TS", "ThS")


@register.filter
def titled_name(person):
    prefix = [p for p in (person.academic_title, person.degree) if p in _TITLES_BEFORE_NAME]
    return f"{'.'.join(prefix)}. {person.full_name}" if prefix else person.full_name
