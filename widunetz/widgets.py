from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def attributes(attrs):
    """HTML attributes in the order given, as Django's attrs.html writes them."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )


class Select(forms.Select):
    """Django's select, rendered in Python instead of one template per option.

    The filter forms carry about 70 options on every list page; through the
    template engine they were a large part of an uncached page's render time.
    The markup is the one Django's templates produce.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], attributes(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '\n  <option value="{}"{}>{}</option>',
                ((str(o["value"]), attributes(o["attrs"]), o["label"]) for o in options),
            )
            if group_name:
                rendered = format_html(
                    '\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rendered
                )
            parts.append(rendered)
        parts.append("\n</select>")
        return mark_safe("".join(parts))
