from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

# What Django's own selects show for "nothing chosen" (ModelChoiceField.empty_label).
EMPTY_LABEL = "---------"


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

    The filter forms carry about 70 options on every list page. Through the
    template engine, and then through Django's option dictionaries
    (``optgroups()``/``create_option()``), they were a third of an uncached list
    page's time in the profile. The markup is the one Django's templates produce.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        if not self.allow_multiple_selected and selected:
            # Like Django: only the first match is selected in a single select.
            selected = {next(iter(self.format_value(value)))}
        parts = [
            format_html(
                '<select name="{}"{}>', name, attributes(self.build_attrs(self.attrs, attrs))
            )
        ]
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                options = "".join(self.option(v, text, selected) for v, text in label)
                parts.append(
                    f'\n  <optgroup label="{escape(option_value)}">{options}\n  </optgroup>'
                )
            else:
                parts.append(self.option(option_value, label, selected))
        parts.append("\n</select>")
        return mark_safe("".join(parts))

    @staticmethod
    def option(value, label, selected):
        value = "" if value is None else str(value)
        mark = " selected" if value in selected else ""
        return f'\n  <option value="{escape(value)}"{mark}>{escape(label)}</option>'


class AutocompleteSelect(admin_widgets.AutocompleteSelect):
    """The admin's autocomplete for one record, with a first option the HTML checker accepts.

    Django's widget renders a required field with no option at all on an add form and
    with the chosen record as first option on a change form, and an optional field's
    empty choice as an empty ``<option>``: all three are invalid HTML (a required
    single select needs an empty-valued first option, and an option needs a text).
    Select2 shows that option as its (empty) placeholder and never offers it in the
    list, so nothing changes on the screen; without JavaScript it reads "---------".
    """

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        options = groups[0][1]
        if self.is_required:
            options.insert(0, self.create_option(name, "", "", False, 0))
        options[0]["label"] = EMPTY_LABEL
        return groups
