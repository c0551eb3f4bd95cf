import pytest
from django.contrib.auth.models import Group

from reform_portal.admin import DATA_ENTRY_GROUP, ensure_data_entry_group
from tests import factories


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def data_entry_user(db):
    ensure_data_entry_group()
    user = factories.UserFactory(username="entry", is_staff=True)
    user.groups.add(Group.objects.get(name=DATA_ENTRY_GROUP))
    return user


@pytest.fixture
def data_entry_client(client, data_entry_user):
    client.force_login(data_entry_user)
    return client
