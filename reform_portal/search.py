"""Persian-insensitive text search of portal lists (the review queues), folded in SQL the way
the admin's search folds it (reform_portal/admin.py): «دستگاههای» finds «دستگاه‌های»,
«علي» finds «علی», «۱۲» finds "12". Each word of the query must match one of the fields."""

from django.db.models import F, Q, QuerySet
from django.utils.text import smart_split

from reform_portal.admin import SearchKey, admin_search_key, search_key_variants

QUERY_LIMIT = 200


def search(queryset: QuerySet, fields: list[str], query: str) -> QuerySet:
    """`queryset` narrowed to rows where every word of `query` is in one of `fields` (folded;
    numbers are compared as text)."""
    words = [admin_search_key(word.strip("\"'")) for word in smart_split((query or "")[:QUERY_LIMIT])]
    words = [word for word in words if word]
    if not words:
        return queryset
    aliases = {f"_search_{index}": SearchKey(F(name)) for index, name in enumerate(fields)}
    queryset = queryset.alias(**aliases)
    for word in words:
        pairs = [(f"{alias}__icontains", variant) for variant in search_key_variants(word) for alias in aliases]
        queryset = queryset.filter(Q.create(pairs, connector=Q.OR))
    return queryset
