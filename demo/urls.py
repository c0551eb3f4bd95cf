"""The benchmark's URLconf: the portal's, plus the floor page (`bench` switches to it)."""

from django.urls import path

from demo import views
from reform_portal.urls import handler500
from reform_portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("_floor/", views.floor, name="floor"), *portal_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
