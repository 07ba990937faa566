"""Partnerships: the tenants, their public page and the header's switcher."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accord.governance.services import partnership_create
from accord.partnerships.models import Partnership


@pytest.mark.django_db
def test_a_partnership_needs_a_web_address_of_letters_digits_and_hyphens():
    with pytest.raises(ValidationError) as refused:
        partnership_create(actor=None, slug="oxford shire!", name="Oxfordshire Supporting People")
    assert "slug" in refused.value.error_dict
    assert not Partnership.objects.exists()


@pytest.mark.django_db
def test_two_partnerships_cannot_share_a_name(demo):
    with pytest.raises(ValidationError) as refused:
        partnership_create(actor=None, slug="oxon", name="Oxfordshire Supporting People")
    assert "name" in refused.value.error_dict


@pytest.mark.django_db
def test_the_switcher_remembers_the_chosen_partnership_and_opens_its_page(client, demo):
    response = client.get(
        reverse("governance:partnership-switch"), {"partnership": "gloucestershire"}
    )
    assert response["Location"] == reverse(
        "governance:partnership-detail", args=["gloucestershire"]
    )
    html = client.get(reverse("core:home")).content.decode()
    assert "Partnership: <strong>Gloucestershire Supporting People</strong>" in html
    assert '<option value="gloucestershire" selected>' in html


@pytest.mark.django_db
def test_switching_to_a_partnership_that_does_not_exist_is_explained(client, demo):
    response = client.get(
        reverse("governance:partnership-switch"), {"partnership": "atlantis"}, follow=True
    )
    assert "Select a partnership from the list" in response.content.decode()
    assert "partnership" not in client.session


@pytest.mark.django_db
def test_a_partnership_page_shows_its_name_and_description(client, demo):
    html = client.get(
        reverse("governance:partnership-detail", args=["oxfordshire"])
    ).content.decode()
    assert '<h1 class="govuk-heading-xl">Oxfordshire Supporting People</h1>' in html
    assert "Commissioning Body decides by the active consent of all eight partners" in html


@pytest.mark.django_db
def test_an_unknown_partnership_page_is_not_found(client, demo):
    assert (
        client.get(reverse("governance:partnership-detail", args=["atlantis"])).status_code == 404
    )


@pytest.mark.django_db
def test_on_a_partnerships_page_the_header_shows_that_partnership(client, demo):
    client.get(reverse("governance:partnership-switch"), {"partnership": "gloucestershire"})
    html = client.get(
        reverse("governance:partnership-detail", args=["oxfordshire"])
    ).content.decode()
    assert "Partnership: <strong>Oxfordshire Supporting People</strong>" in html
    assert '<option value="oxfordshire" selected>' in html


@pytest.mark.django_db
def test_with_many_partnerships_the_header_offers_twenty_and_the_home_page_lists_all(client):
    """A national installation has 152 partnerships: too many for a menu on every page."""
    for n in range(1, 26):
        partnership_create(actor=None, slug=f"area-{n:02d}", name=f"Area {n:02d} Partnership")
    html = client.get(reverse("governance:partnership-detail", args=["area-25"])).content.decode()
    assert html.count('<option value="area-') == 21  # the first twenty, and the current one
    assert "Partnership: <strong>Area 25 Partnership</strong>" in html
    assert '<option value="area-25" selected>' in html
    assert 'href="/#partnerships">All partnerships</a>' in html
    home = client.get(reverse("core:home")).content.decode()
    assert all(f"Area {n:02d} Partnership</a>" in home for n in range(1, 26))


@pytest.mark.django_db
def test_a_member_is_offered_their_own_partnerships_only(client, sign_in, demo):
    from django.contrib.auth import get_user_model

    from accord.governance.models import Membership

    term = Membership.objects.filter(
        partnership__slug="gloucestershire", end_date=None, role="voting_representative"
    ).first()
    assert term is not None
    user = get_user_model().objects.create(username="glos-member")
    term.person.user = user
    term.person.save()
    sign_in(user.username)  # a voter, with the second factor given
    html = client.get(reverse("core:home")).content.decode()
    assert '<option value="gloucestershire"' in html
    assert '<option value="oxfordshire"' not in html
    assert "Oxfordshire Supporting People</a>" in html  # the home page still lists every one
