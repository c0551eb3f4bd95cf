from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    """The base template and nothing else: the floor that `bench` compares pages with."""
    return render(request, "demo/floor.html")
