import uuid

from django import template
from django.utils.html import format_html

from members import paging

register = template.Library()


@register.simple_tag
def field_input(bound_field, **attrs):
    """Render a form field's widget with extra attributes (placeholder, autocomplete) set by the template."""
    return bound_field.as_widget(attrs=attrs)


@register.filter
def page_numbers(page):
    return paging.page_numbers(page)


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


@register.filter
def term_years(term):
    """A term's years, "2024–2029", kept on one line: a line may otherwise break after the en dash."""
    return format_html('<span class="nowrap">{}</span>', term.years)


@register.simple_tag(takes_context=True)
def submit_token(context):
    """A hidden field naming this form's submission, so that sending it twice does the change once.

    A form shown again after an error keeps the token it was sent with.
    """
    request = context.get("request")
    token = request.POST.get("ma_gui", "") if request is not None and request.method == "POST" else ""
    if not token.isalnum() or len(token) > 64:
        token = uuid.uuid4().hex
    return format_html('<input type="hidden" name="ma_gui" value="{}">', token)
