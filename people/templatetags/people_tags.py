from django import template

from people.selectors import my_work as my_work_items

register = template.Library()


@register.inclusion_tag("people/_my_work.html", takes_context=True)
def my_work(context):
    """The «my work» box of a role's home page: what waits for the user, with counts."""
    user = context["request"].user
    return {"items": my_work_items(user) if user.is_authenticated else []}
