"""The admin does not list django-otp's devices (its pages are in English only, and a secret
has no business there): an administrator resets a user's second factor with the users list's
action «reset the second factor» (agencies/admin.py), and the user enrols again."""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
