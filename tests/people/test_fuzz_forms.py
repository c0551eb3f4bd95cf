"""The harness of tests/security/test_fuzz_forms.py applied to the people's forms and pages:
random text, every digit set, control characters: never a server error, a readable message."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from people.forms import CodeForm, EmailChangeForm, MobileChangeForm, ProfileForm
from reform_portal.notifications import channel_choices
from tests import factories
from tests.security.test_fuzz_forms import FUZZ, assert_form_survives, assert_post_survives, nasty_text


@FUZZ
@given(code=nasty_text(), mobile=nasty_text(), email=nasty_text())
def test_code_mobile_and_email_forms_never_crash(code, mobile, email):
    form = assert_form_survives(CodeForm, {"code": code})
    if form.is_valid():
        assert form.cleaned_data["code"].isascii() and form.cleaned_data["code"].isdigit()
    form = assert_form_survives(MobileChangeForm, {"mobile": mobile})
    if form.is_valid():
        assert len(form.cleaned_data["mobile"]) == 11 and form.cleaned_data["mobile"].startswith("09")
    assert_form_survives(EmailChangeForm, {"email": email})


@FUZZ
@given(
    first=nasty_text(), last=nasty_text(), language=nasty_text(max_size=5), ticks=st.lists(st.booleans(), max_size=12)
)
@pytest.mark.django_db
def test_profile_form_never_crashes(first, last, language, ticks):
    user = factories.UserFactory.build()
    data = {"first_name": first, "last_name": last, "language": language}
    form = ProfileForm(data=data, user=user, chosen=channel_choices({}))
    names = [name for name in form.fields if name.startswith("notify_")]
    data.update({name: "on" for name, tick in zip(names, ticks, strict=False) if tick})
    assert_form_survives(ProfileForm, data, user=user, chosen=channel_choices({}))


@FUZZ
@given(code=nasty_text(), mobile=nasty_text(), first=nasty_text())
@pytest.mark.django_db
def test_profile_pages_answer_every_input(client, code, mobile, first):
    user = factories.User.objects.filter(username="fuzz_person").first() or factories.UserFactory(
        username="fuzz_person"
    )
    client.force_login(user)
    assert_post_survives(client, reverse("people:mobile_confirm"), {"code": code})
    assert_post_survives(client, reverse("people:mobile_change"), {"mobile": mobile})
    assert_post_survives(client, reverse("people:profile"), {"first_name": first, "language": "fa"})
    assert_post_survives(client, reverse("password_reset"), {"email": first})
