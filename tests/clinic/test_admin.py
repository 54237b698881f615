import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from clinic.models import Membership
from clinic.roles import membership_grant
from tests.factories import EpisodeFactory, PatientFactory, UserFactory, make_staff


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_admin_staff_manage_their_clinics_patients(client, admin_staff, patient, other_clinic):
    PatientFactory(clinic=other_clinic, family_name="Ivanova")
    client.force_login(admin_staff)
    listing = client.get(reverse("admin:patients_patient_changelist"))
    assert listing.status_code == 200
    assert "Lopez" in listing.text and "Ivanova" not in listing.text
    assert client.get(change_url(patient)).status_code == 200


def test_other_clinic_patient_is_404_in_admin(client, admin_staff, other_clinic):
    stranger = PatientFactory(clinic=other_clinic)
    client.force_login(admin_staff)
    assert client.get(change_url(stranger)).status_code == 404
    assert client.get(reverse("admin:patients_patient_history", args=[stranger.pk])).status_code == 404


def test_therapist_of_other_clinic_gets_404_in_admin(client, outsider, patient):
    client.force_login(outsider)
    assert client.get(change_url(patient)).status_code == 404


def test_admin_staff_do_not_see_clinical_episodes(client, admin_staff, patient):
    episode = EpisodeFactory(patient=patient)
    client.force_login(admin_staff)
    assert client.get(reverse("admin:patients_episode_changelist")).status_code == 403
    assert client.get(change_url(episode)).status_code in (403, 404)


def test_patient_account_gets_no_admin(client, patient_account):
    client.force_login(patient_account)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_admin_history_names_the_user(client, admin_staff, patient):
    client.force_login(admin_staff)
    data = {
        "clinic": patient.clinic.pk,
        "record_number": patient.record_number,
        "is_active": "on",
        "given_name": "Marie",
        "family_name": patient.family_name,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "sex": patient.sex,
        "email": "",
        "phone": "",
        "primary_therapist": "",
        "portal_user": "",
    }
    response = client.post(change_url(patient), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    history = client.get(reverse("admin:patients_patient_history", args=[patient.pk]))
    assert history.status_code == 200
    assert admin_staff.username in history.text
    assert patient.history.first().history_user == admin_staff


def test_no_one_but_superusers_delete_patients(client, admin_staff, patient):
    client.force_login(admin_staff)
    response = client.post(reverse("admin:patients_patient_delete", args=[patient.pk]), {"post": "yes"})
    assert response.status_code == 403
    patient.refresh_from_db()


def test_admin_staff_cannot_grant_superuser(client, admin_staff, therapist):
    client.force_login(admin_staff)
    response = client.get(change_url(therapist))
    assert response.status_code == 200
    assert 'name="is_superuser"' not in response.text


# --- Staffing: memberships and user accounts cannot be used to raise one's own rights ---------------


def _membership_url(view, *args):
    return reverse(f"admin:clinic_membership_{view}", args=args)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def newcomer(db):
    """An account with no clinic yet: admin staff may put it on their clinic's staff."""
    return UserFactory(username="newcomer")


def _own_membership(user):
    return Membership.objects.get(user=user)


def _role_groups(user):
    return set(user.groups.values_list("name", flat=True))


def test_admin_staff_cannot_promote_themselves(client, admin_staff, clinic):
    membership = _own_membership(admin_staff)
    client.force_login(admin_staff)
    data = {"user": admin_staff.pk, "clinic": clinic.pk, "role": Membership.Role.THERAPIST}
    assert client.post(_membership_url("change", membership.pk), data).status_code == 403
    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMIN_STAFF
    assert _role_groups(admin_staff) == {"Admin staff"}
    assert client.get(reverse("plans:dashboard")).status_code == 403
    # They may still look at it.
    page = client.get(_membership_url("change", membership.pk))
    assert page.status_code == 200 and 'name="role"' not in page.text


def test_admin_staff_cannot_delete_their_own_membership(client, admin_staff):
    membership = _own_membership(admin_staff)
    client.force_login(admin_staff)
    assert client.post(_membership_url("delete", membership.pk), {"post": "yes"}).status_code == 403
    response = client.post(
        _membership_url("changelist"),
        {"action": "delete_selected", "_selected_action": [membership.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_admin_staff_cannot_revert_their_membership_to_an_old_role(client, clinic):
    frontdesk = make_staff(clinic, username="frontdesk")  # a therapist once ...
    membership = membership_grant(user=frontdesk, clinic=clinic, role=Membership.Role.ADMIN_STAFF)
    was_therapist = membership.history.earliest("history_date")
    assert was_therapist.role == Membership.Role.THERAPIST
    client.force_login(frontdesk)
    data = {"user": frontdesk.pk, "clinic": clinic.pk, "role": Membership.Role.THERAPIST}
    response = client.post(_membership_url("simple_history", membership.pk, was_therapist.history_id), data)
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMIN_STAFF


@pytest.mark.parametrize("who", ["outsider", "patient_account", "superuser", "admin_staff"])
def test_admin_staff_cannot_add_memberships_for_accounts_they_do_not_manage(
    client, request, admin_staff, clinic, who
):
    target = request.getfixturevalue(who)
    before = Membership.objects.count()
    client.force_login(admin_staff)
    data = {"user": target.pk, "clinic": clinic.pk, "role": Membership.Role.THERAPIST}
    response = client.post(_membership_url("add"), data)
    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    assert Membership.objects.count() == before
    assert not Membership.objects.filter(user=target, clinic=clinic, role=Membership.Role.THERAPIST).exists()


def test_membership_choices_are_the_users_and_clinics_admin_staff_manage(
    client, admin_staff, therapist, colleague, outsider, patient_account, superuser, newcomer, other_clinic
):
    client.force_login(admin_staff)
    form = client.get(_membership_url("add")).context["adminform"].form
    assert set(form.fields["user"].queryset) == {therapist, colleague, newcomer}
    assert list(form.fields["clinic"].queryset) == [admin_staff.memberships.get().clinic]


def test_admin_staff_add_a_newcomer_to_their_clinic(client, admin_staff, clinic, newcomer):
    client.force_login(admin_staff)
    data = {"user": newcomer.pk, "clinic": clinic.pk, "role": Membership.Role.THERAPIST}
    response = client.post(_membership_url("add"), data)
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.is_staff and _role_groups(newcomer) == {"Therapists"}


def test_admin_staff_cannot_add_someone_to_another_clinic(client, admin_staff, other_clinic, newcomer):
    client.force_login(admin_staff)
    data = {"user": newcomer.pk, "clinic": other_clinic.pk, "role": Membership.Role.THERAPIST}
    response = client.post(_membership_url("add"), data)
    assert response.status_code == 200 and "clinic" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(user=newcomer).exists()


def test_moving_a_membership_to_another_user_resyncs_both(client, admin_staff, clinic, colleague, newcomer):
    membership = _own_membership(colleague)
    client.force_login(admin_staff)
    data = {"user": newcomer.pk, "clinic": clinic.pk, "role": Membership.Role.THERAPIST}
    assert client.post(_membership_url("change", membership.pk), data).status_code == 302
    colleague.refresh_from_db()
    newcomer.refresh_from_db()
    assert not colleague.is_staff and _role_groups(colleague) == set()
    assert newcomer.is_staff and _role_groups(newcomer) == {"Therapists"}


def test_bulk_deleting_memberships_resyncs_roles(client, superuser, clinic, colleague):
    membership = _own_membership(colleague)
    client.force_login(superuser)
    # Superusers keep the user autocomplete (over every account).
    assert "admin-autocomplete" in client.get(_membership_url("add")).text
    assert client.get(reverse("admin:clinic_clinic_change", args=[clinic.pk])).status_code == 200
    response = client.post(
        _membership_url("changelist"),
        {"action": "delete_selected", "_selected_action": [membership.pk], "post": "yes"},
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert not colleague.is_staff and _role_groups(colleague) == set()


def test_membership_clinic_filter_lists_only_own_clinics(client, admin_staff, other_clinic, outsider):
    client.force_login(admin_staff)
    listing = client.get(_membership_url("changelist"))
    assert listing.status_code == 200
    assert "Riverside" in listing.text and "Hillside" not in listing.text


# The same rules on the staff inline of the clinic page.


def _clinic_post_data(clinic, rows=(), new_rows=()):
    """The clinic change form: ``rows`` are (membership, {field: value}) for existing inline rows,
    ``new_rows`` are {field: value} for added ones."""
    data = {
        "name": clinic.name,
        "phone": clinic.phone,
        "address": clinic.address,
        **{
            name: str(getattr(clinic, name))
            for name in [
                "nprs_mcid",
                "odi_mcid",
                "relative_improvement_percent",
                "plateau_days",
                "reevaluation_days",
                "reevaluation_visit_count",
                "subacute_from_days",
                "chronic_from_days",
                "idle_logout_minutes",
            ]
        },
        "memberships-TOTAL_FORMS": str(len(rows) + len(new_rows)),
        "memberships-INITIAL_FORMS": str(len(rows)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for i, (membership, fields) in enumerate(rows):
        row = {"id": membership.pk, "clinic": clinic.pk, "user": membership.user_id, "role": membership.role}
        row.update(fields)
        data.update({f"memberships-{i}-{key}": value for key, value in row.items()})
    for i, fields in enumerate(new_rows, start=len(rows)):
        data.update(
            {f"memberships-{i}-{key}": value for key, value in {"clinic": clinic.pk, **fields}.items()}
        )
    return data


def _inline_rows(response):
    for formset in response.context["inline_admin_formsets"]:
        if formset.formset.model is Membership:
            return formset.formset
    raise AssertionError("no membership inline")


def test_clinic_inline_cannot_promote_or_remove_oneself(client, admin_staff, clinic):
    membership = _own_membership(admin_staff)
    client.force_login(admin_staff)
    url = reverse("admin:clinic_clinic_change", args=[clinic.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert membership not in [form.instance for form in _inline_rows(page).forms]

    for change in ({"role": Membership.Role.THERAPIST}, {"DELETE": "on"}):
        client.post(url, _clinic_post_data(clinic, rows=[(membership, change)]))
        membership.refresh_from_db()
        assert membership.role == Membership.Role.ADMIN_STAFF
    admin_staff.refresh_from_db()
    assert _role_groups(admin_staff) == {"Admin staff"}
    assert client.get(reverse("plans:dashboard")).status_code == 403


@pytest.mark.parametrize("who", ["outsider", "patient_account", "superuser"])
def test_clinic_inline_cannot_add_accounts_admin_staff_do_not_manage(
    client, request, admin_staff, clinic, who
):
    target = request.getfixturevalue(who)
    client.force_login(admin_staff)
    url = reverse("admin:clinic_clinic_change", args=[clinic.pk])
    data = _clinic_post_data(clinic, new_rows=[{"user": target.pk, "role": Membership.Role.THERAPIST}])
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Membership.objects.filter(user=target, clinic=clinic).exists()


def test_clinic_inline_adds_a_newcomer_and_removal_resyncs_roles(
    client, admin_staff, clinic, colleague, newcomer
):
    client.force_login(admin_staff)
    url = reverse("admin:clinic_clinic_change", args=[clinic.pk])
    colleague_membership = _own_membership(colleague)
    data = _clinic_post_data(
        clinic,
        rows=[(colleague_membership, {"DELETE": "on"})],
        new_rows=[{"user": newcomer.pk, "role": Membership.Role.ADMIN_STAFF}],
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and _inline_rows(response).errors
    colleague.refresh_from_db()
    newcomer.refresh_from_db()
    assert not Membership.objects.filter(user=colleague).exists()
    assert not colleague.is_staff and _role_groups(colleague) == set()
    assert newcomer.is_staff and _role_groups(newcomer) == {"Admin staff"}


# User accounts: admin staff keep names and logins, never rights.


def _user_post_data(user, **extra):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("who", ["patient_account", "admin_staff", "colleague"])
def test_admin_staff_cannot_grant_rights_through_the_user_admin(client, request, admin_staff, who):
    target = request.getfixturevalue(who)
    groups_before = _role_groups(target)
    staff_before = target.is_staff
    therapists = Group.objects.get(name="Therapists")
    view_visit = Permission.objects.get(codename="view_visit")
    client.force_login(admin_staff)
    data = _user_post_data(
        target,
        is_superuser="on",
        is_staff="on",
        groups=[therapists.pk],
        user_permissions=[view_visit.pk],
        first_name="Renamed",
    )
    response = client.post(change_url(target), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    target.refresh_from_db()
    assert target.first_name == "Renamed"
    assert not target.is_superuser
    assert target.is_staff == staff_before
    assert _role_groups(target) == groups_before
    assert not target.user_permissions.exists()


def test_admin_staff_cannot_reach_superuser_accounts(client, admin_staff, clinic, superuser):
    membership_grant(user=superuser, clinic=clinic, role=Membership.Role.THERAPIST)
    client.force_login(admin_staff)
    assert client.get(change_url(superuser)).status_code == 404
    assert client.get(reverse("admin:auth_user_password_change", args=[superuser.pk])).status_code == 404
    assert superuser.username not in client.get(reverse("admin:auth_user_changelist")).text


def test_user_clinic_filter_lists_only_own_clinics(client, admin_staff, other_clinic, outsider):
    client.force_login(admin_staff)
    listing = client.get(reverse("admin:auth_user_changelist"))
    assert listing.status_code == 200
    assert "tessa" in listing.text or "frontdesk" in listing.text
    assert "Hillside" not in listing.text


def test_a_staff_account_cannot_become_a_patients_portal_login(client, admin_staff, therapist, patient):
    client.force_login(admin_staff)
    url = reverse("admin:patients_patient_change", args=[patient.pk])
    data = {
        "clinic": patient.clinic_id,
        "record_number": patient.record_number,
        "is_active": "on",
        "given_name": patient.given_name,
        "family_name": patient.family_name,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "sex": patient.sex,
        "email": "",
        "phone": "",
        "primary_therapist": therapist.pk,
        "portal_user": therapist.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "portal_user" in response.context["adminform"].form.errors
    patient.refresh_from_db()
    assert patient.portal_user_id is None


def test_admin_staff_add_an_account_and_go_on_to_give_it_a_role(client, admin_staff, clinic):
    client.force_login(admin_staff)
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newphysio",
            "password1": "a-Strong-passw0rd!",
            "password2": "a-Strong-passw0rd!",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    from django.contrib.auth import get_user_model

    new = get_user_model().objects.get(username="newphysio")
    assert response["Location"] == f"{reverse('admin:clinic_membership_add')}?user={new.pk}"
    form = client.get(response["Location"]).context["adminform"].form
    assert form.initial["user"] == str(new.pk)
    response = client.post(
        reverse("admin:clinic_membership_add"), {"user": new.pk, "clinic": clinic.pk, "role": "therapist"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=new, clinic=clinic, role="therapist").exists()
