from django import template
from django.core.exceptions import DisallowedHost
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from widunetz.translation import localized as localize

register = template.Library()

# Parameters that are no filter of their own: they never show as a removable chip.
NOT_FILTERS = {"seite", "sortierung"}


@register.filter
def render_body(text):
    """An editor's plain text as HTML: blank lines part paragraphs, "## " starts a heading.

    Editors never write HTML, so nothing they type can break the page or its
    Content-Security-Policy; every piece is escaped.
    """
    blocks = [block.strip() for block in str(text).replace("\r\n", "\n").split("\n\n")]
    html = []
    for block in filter(None, blocks):
        if block.startswith("## "):
            html.append(format_html("<h2>{}</h2>", block[3:].strip()))
        else:
            lines = format_html_join(
                mark_safe("<br>\n"), "{}", ((line,) for line in block.split("\n"))
            )
            html.append(format_html("<p>{}</p>", lines))
    return mark_safe("\n".join(html))


@register.filter(needs_autoescape=True)
def bdi(value, autoescape=True):
    """A German name, function or address isolated inside right-to-left text.

    Without it the bidirectional algorithm moves neutral characters at the edge of
    a left-to-right name to the other side: "Kreis Herford e.V." shows as
    ".Kreis Herford e.V" on an Arabic page. Left-to-right pages need no isolation
    and stay as they were.
    """
    text = conditional_escape(value) if autoescape else value
    if value in (None, "") or not get_language_bidi():
        return text
    return format_html("<bdi>{}</bdi>", text)


@register.simple_tag(takes_context=True)
def active_filters(context, filterset):
    """The filters in force, each with the address of the same list without it."""
    form = filterset.form
    if not form.is_valid():
        return []
    request = context["request"]
    chips = []
    for name, value in form.cleaned_data.items():
        if name in NOT_FILTERS or value in (None, "", []):
            continue
        field = form.fields[name]
        if hasattr(field, "choices") and not hasattr(value, "pk"):
            display = dict(field.choices).get(value, value)
        else:
            display = value
        query = request.GET.copy()
        query.pop(name, None)
        query.pop("seite", None)
        chips.append(
            {
                "label": field.label,
                "value": display,
                "url": "?" + query.urlencode() if query else request.path,
            }
        )
    return chips


@register.simple_tag
def page_title(*parts):
    return " – ".join(str(p) for p in parts if p) + " – " + _("widunetz Kreis Herford")


# Each language is offered by its own name, in its own script.
AUTONYMS = {
    "de": "Deutsch",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "ru": "Русский",
    "uk": "Українська",
}


@register.simple_tag(takes_context=True)
def language_links(context):
    """This page in every language of the site: code, own name, address, direction."""
    from django.conf import settings
    from django.utils.translation import get_language_info

    from widunetz.links import translate_path

    request = context["request"]
    current = get_language()
    path = request.get_full_path()
    try:
        origin = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        # The 400 page for a forged Host header must still render.
        origin = ""
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_path(path, code)
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": AUTONYMS.get(code, info["name_local"]),
                "url": url,
                "absolute_url": origin + url,
                "dir": "rtl" if info["bidi"] else "ltr",
                "current": code == current,
            }
        )
    return links


@register.simple_tag
def localized(obj, field):
    """``{% localized goal "title" as title %}``: translation or German fallback."""
    return localize(obj, field)


@register.inclusion_tag("includes/localized.html")
def show_localized(obj, field, element="span", body=False):
    """Render a field in the visitor's language; German fallback marked lang="de"."""
    return {"text": localize(obj, field), "element": element, "body": body}
