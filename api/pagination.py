from rest_framework import pagination


class CursorPagination(pagination.CursorPagination):
    """Every list: `results` and the `next` and `previous` links (opaque cursors), stable
    while rows are added; `page_size` up to 500 (default 50); order with `ordering`."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "id"
