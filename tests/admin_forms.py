"""Turning an admin change form, as rendered, into the POST data a browser would send."""


def _field_value(bound_field):
    value = bound_field.value()
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, bool):
        return "on" if value else ""
    return value


def change_form_data(response, **changes):
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = _field_value(form[name])
        if value != "":
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound_field in formset.management_form:
            data[bound_field.html_name] = _field_value(bound_field)
        for sub_form in formset.forms:
            for name in sub_form.fields:
                value = _field_value(sub_form[name])
                if value != "":
                    data[sub_form[name].html_name] = value
    data.update(changes)
    return data
