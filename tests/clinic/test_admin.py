import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from clinic import access
from clinic.admin import THRESHOLD_FIELDS
from clinic.models import Membership
from clinic.roles import membership_grant, sync_user_roles
from tests.access_matrix import ADMIN_LOGIN, ADMIN_PAGE, FORBIDDEN, NOT_FOUND, OK, cells, check, profile, row
from tests.edit_forms import signed_version
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
        "version": signed_version(patient),
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


# --- Staff accounts and roles: practice managers only, never giving more access than they hold -----


def _membership_url(view, *args):
    return reverse(f"admin:clinic_membership_{view}", args=args)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def newcomer(db):
    """An account with no clinic yet (made by a superuser)."""
    return UserFactory(username="newcomer")


@pytest.fixture
def treating_manager(clinic, manager):
    """The practice manager also treats patients at the clinic."""
    membership_grant(user=manager, clinic=clinic, role=Membership.Role.THERAPIST)
    return manager


def _own_membership(user):
    return Membership.objects.get(user=user)


def _role_groups(user):
    return set(user.groups.values_list("name", flat=True))


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


def _password_url(user):
    return reverse("admin:auth_user_password_change", args=[user.pk])


NEW_PASSWORD = {"password1": "an-Entirely-new-passw0rd", "password2": "an-Entirely-new-passw0rd"}


def test_admin_staff_have_no_account_or_staffing_pages(client, admin_staff, therapist, clinic):
    client.force_login(admin_staff)
    for url in [
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        change_url(therapist),
        _password_url(therapist),
        _membership_url("changelist"),
        _membership_url("add"),
    ]:
        assert client.get(url).status_code == 403, url


def test_admin_staff_cannot_set_a_therapists_password(client, admin_staff, therapist):
    password_before = therapist.password
    client.force_login(admin_staff)
    response = client.post(_password_url(therapist), {**NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 403
    therapist.refresh_from_db()
    assert therapist.password == password_before


def test_admin_staff_cannot_deactivate_or_rename_a_therapist(client, admin_staff, therapist):
    client.force_login(admin_staff)
    response = client.post(
        change_url(therapist), _user_post_data(therapist, email="evil@example.com", is_active="")
    )
    assert response.status_code == 403
    therapist.refresh_from_db()
    assert therapist.is_active and therapist.email == "tessa@example.com"


def test_admin_staff_cannot_create_an_account_or_grant_a_therapist_role(
    client, admin_staff, clinic, newcomer
):
    client.force_login(admin_staff)
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "fake-physio", "usable_password": "true", **NEW_PASSWORD},
    )
    assert response.status_code == 403
    response = client.post(
        _membership_url("add"), {"user": newcomer.pk, "clinic": clinic.pk, "role": Membership.Role.THERAPIST}
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user=newcomer).exists()
    assert not get_user_model().objects.filter(username="fake-physio").exists()


def test_clinic_inline_is_read_only_to_admin_staff(client, admin_staff, clinic, newcomer, colleague):
    client.force_login(admin_staff)
    url = reverse("admin:clinic_clinic_change", args=[clinic.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="memberships-0-role"' not in page.text
    assert "Ben Adeyemi (Therapist)" in page.text
    data = _clinic_post_data(clinic, new_rows=[{"user": newcomer.pk, "role": Membership.Role.THERAPIST}])
    assert client.post(url, data).status_code == 403
    assert not Membership.objects.filter(user=newcomer).exists()


def test_manager_cannot_set_a_therapists_password(client, manager, therapist):
    password_before = therapist.password
    client.force_login(manager)
    assert client.get(change_url(therapist)).status_code == 200  # read-only
    assert 'name="email"' not in client.get(change_url(therapist)).text
    response = client.post(_password_url(therapist), {**NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 403
    therapist.refresh_from_db()
    assert therapist.password == password_before


def test_manager_resets_a_front_desk_password(client, manager, admin_staff):
    client.force_login(manager)
    response = client.post(_password_url(admin_staff), {**NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    admin_staff.refresh_from_db()
    assert admin_staff.check_password(NEW_PASSWORD["password1"])


def test_manager_cannot_manage_someone_who_also_works_at_another_clinic(
    client, manager, admin_staff, other_clinic
):
    membership_grant(user=admin_staff, clinic=other_clinic, role=Membership.Role.ADMIN_STAFF)
    password_before = admin_staff.password
    client.force_login(manager)
    response = client.post(_password_url(admin_staff), {**NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 403
    admin_staff.refresh_from_db()
    assert admin_staff.password == password_before


@pytest.mark.parametrize("who", ["superuser", "patient_account", "outsider"])
def test_manager_cannot_reach_superusers_patients_or_other_clinics_accounts(
    client, request, manager, clinic, who
):
    target = request.getfixturevalue(who)
    if who == "superuser":
        membership_grant(user=target, clinic=clinic, role=Membership.Role.ADMIN_STAFF)
    client.force_login(manager)
    assert client.get(change_url(target)).status_code == 404
    assert client.get(_password_url(target)).status_code == 404
    assert target.username not in client.get(reverse("admin:auth_user_changelist")).text


def test_manager_creates_an_account_with_its_first_role(client, manager, clinic):
    client.force_login(manager)
    page = client.get(reverse("admin:auth_user_add"))
    form = page.context["adminform"].form
    assert list(form.fields["clinic"].queryset) == [clinic]
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newdesk",
            "usable_password": "true",
            **NEW_PASSWORD,
            "clinic": clinic.pk,
            "role": "admin_staff",
        },
    )
    assert response.status_code == 302
    new = get_user_model().objects.get(username="newdesk")
    assert list(new.memberships.values_list("clinic", "role")) == [(clinic.pk, "admin_staff")]
    assert new.is_staff and _role_groups(new) == {"Admin staff"}


def test_manager_who_does_not_treat_cannot_create_a_therapist(client, manager, clinic):
    client.force_login(manager)
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "fake-physio",
            "usable_password": "true",
            **NEW_PASSWORD,
            "clinic": clinic.pk,
            "role": "therapist",
        },
    )
    assert response.status_code == 200
    assert "role" in response.context["adminform"].form.errors
    assert not get_user_model().objects.filter(username="fake-physio").exists()


def test_manager_cannot_create_an_account_at_another_clinic(client, manager, other_clinic):
    client.force_login(manager)
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "spy",
            "usable_password": "true",
            **NEW_PASSWORD,
            "clinic": other_clinic.pk,
            "role": "admin_staff",
        },
    )
    assert response.status_code == 200
    assert "clinic" in response.context["adminform"].form.errors
    assert not get_user_model().objects.filter(username="spy").exists()


def test_grantable_roles_follow_what_the_manager_holds(clinic, other_clinic, manager, treating_manager, lead):
    assert access.grantable_roles(manager, clinic.pk) == ["therapist", "admin_staff", "practice_manager"]
    assert access.grantable_roles(manager, other_clinic.pk) == []
    assert access.grantable_roles(lead, clinic.pk) == []  # a lead is no practice manager
    membership_grant(user=lead, clinic=clinic, role=Membership.Role.PRACTICE_MANAGER)
    assert set(access.grantable_roles(lead, clinic.pk)) == set(Membership.Role)


def test_membership_choices_are_the_accounts_the_manager_may_manage(
    client, manager, therapist, colleague, admin_staff, outsider, patient_account, superuser, newcomer, clinic
):
    client.force_login(manager)
    form = client.get(_membership_url("add")).context["adminform"].form
    assert set(form.fields["user"].queryset) == {admin_staff}
    assert list(form.fields["clinic"].queryset) == [clinic]
    membership_grant(user=manager, clinic=clinic, role=Membership.Role.THERAPIST)
    form = client.get(_membership_url("add")).context["adminform"].form
    assert set(form.fields["user"].queryset) == {admin_staff, therapist, colleague}


def test_manager_cannot_promote_themselves(client, manager, clinic):
    membership = _own_membership(manager)
    client.force_login(manager)
    data = {"user": manager.pk, "clinic": clinic.pk, "role": Membership.Role.THERAPIST}
    assert client.post(_membership_url("change", membership.pk), data).status_code == 403
    assert client.post(_membership_url("add"), data).status_code == 200
    assert list(manager.memberships.values_list("role", flat=True)) == ["practice_manager"]
    assert client.get(reverse("plans:dashboard")).status_code == 403


def test_manager_cannot_delete_their_own_membership(client, manager):
    membership = _own_membership(manager)
    client.force_login(manager)
    assert client.post(_membership_url("delete", membership.pk), {"post": "yes"}).status_code == 403
    response = client.post(
        _membership_url("changelist"),
        {"action": "delete_selected", "_selected_action": [membership.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_manager_cannot_revert_their_membership_to_an_old_role(client, clinic):
    pm = make_staff(clinic, username="pm2")  # a therapist once ...
    membership = _own_membership(pm)
    membership.role = Membership.Role.PRACTICE_MANAGER
    membership.save()
    sync_user_roles(pm)
    was_therapist = membership.history.earliest("history_date")
    client.force_login(pm)
    data = {"user": pm.pk, "clinic": clinic.pk, "role": Membership.Role.THERAPIST}
    response = client.post(_membership_url("simple_history", membership.pk, was_therapist.history_id), data)
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == Membership.Role.PRACTICE_MANAGER


@pytest.mark.parametrize("who", ["outsider", "patient_account", "superuser", "newcomer", "therapist"])
def test_manager_cannot_give_roles_to_accounts_they_do_not_manage(client, request, manager, clinic, who):
    target = request.getfixturevalue(who)
    before = Membership.objects.count()
    client.force_login(manager)
    data = {"user": target.pk, "clinic": clinic.pk, "role": Membership.Role.ADMIN_STAFF}
    response = client.post(_membership_url("add"), data)
    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    assert Membership.objects.count() == before


def test_treating_manager_gives_a_therapist_role_but_not_clinical_lead(
    client, treating_manager, admin_staff, clinic
):
    client.force_login(treating_manager)
    data = {"user": admin_staff.pk, "clinic": clinic.pk, "role": Membership.Role.CLINICAL_LEAD}
    response = client.post(_membership_url("add"), data)
    assert response.status_code == 200 and "role" in response.context["adminform"].form.errors
    data["role"] = Membership.Role.THERAPIST
    assert client.post(_membership_url("add"), data).status_code == 302
    admin_staff.refresh_from_db()
    assert _role_groups(admin_staff) == {"Admin staff", "Therapists"}


def test_manager_cannot_add_someone_to_another_clinic(client, manager, admin_staff, other_clinic):
    client.force_login(manager)
    data = {"user": admin_staff.pk, "clinic": other_clinic.pk, "role": Membership.Role.ADMIN_STAFF}
    response = client.post(_membership_url("add"), data)
    assert response.status_code == 200 and "clinic" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(user=admin_staff, clinic=other_clinic).exists()


def test_moving_a_membership_to_another_user_resyncs_both(
    client, treating_manager, clinic, colleague, admin_staff
):
    membership = _own_membership(colleague)
    client.force_login(treating_manager)
    data = {"user": admin_staff.pk, "clinic": clinic.pk, "role": Membership.Role.THERAPIST}
    assert client.post(_membership_url("change", membership.pk), data).status_code == 302
    colleague.refresh_from_db()
    admin_staff.refresh_from_db()
    assert not colleague.is_staff and _role_groups(colleague) == set()
    assert _role_groups(admin_staff) == {"Admin staff", "Therapists"}


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


def test_membership_clinic_filter_lists_only_own_clinics(client, manager, other_clinic, outsider):
    client.force_login(manager)
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
        "version": signed_version(clinic),
        **{name: str(getattr(clinic, name)) for name in [*THRESHOLD_FIELDS, "idle_logout_minutes"]},
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


def test_clinic_inline_offers_only_the_rows_the_manager_may_manage(
    client, manager, admin_staff, therapist, clinic
):
    client.force_login(manager)
    url = reverse("admin:clinic_clinic_change", args=[clinic.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert [form.instance.user for form in _inline_rows(page).forms] == [admin_staff]
    # Everyone is still listed, read-only.
    assert "Tessa Reed (Therapist)" in page.text and "Pam Okoro (Practice manager)" in page.text

    therapist_row = _own_membership(therapist)
    response = client.post(url, _clinic_post_data(clinic, rows=[(therapist_row, {"DELETE": "on"})]))
    assert "changed this clinic" not in response.text  # refused by the inline, not as a conflict
    assert Membership.objects.filter(pk=therapist_row.pk).exists()


@pytest.mark.parametrize("who", ["outsider", "patient_account", "superuser", "therapist"])
def test_clinic_inline_cannot_add_accounts_the_manager_does_not_manage(client, request, manager, clinic, who):
    target = request.getfixturevalue(who)
    before = set(Membership.objects.values_list("pk", flat=True))
    client.force_login(manager)
    url = reverse("admin:clinic_clinic_change", args=[clinic.pk])
    data = _clinic_post_data(clinic, new_rows=[{"user": target.pk, "role": Membership.Role.ADMIN_STAFF}])
    response = client.post(url, data)
    assert response.status_code == 200
    assert set(Membership.objects.values_list("pk", flat=True)) == before


def test_clinic_inline_gives_a_role_and_removal_resyncs_roles(
    client, treating_manager, clinic, colleague, admin_staff
):
    client.force_login(treating_manager)
    url = reverse("admin:clinic_clinic_change", args=[clinic.pk])
    data = _clinic_post_data(
        clinic,
        rows=[(_own_membership(colleague), {"DELETE": "on"})],
        new_rows=[{"user": admin_staff.pk, "role": Membership.Role.THERAPIST}],
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and _inline_rows(response).errors
    colleague.refresh_from_db()
    admin_staff.refresh_from_db()
    assert not Membership.objects.filter(user=colleague).exists()
    assert not colleague.is_staff and _role_groups(colleague) == set()
    assert _role_groups(admin_staff) == {"Admin staff", "Therapists"}


# --- The clinic's settings: contact details are the manager's, thresholds the clinical lead's ---------


def test_lead_sets_thresholds_but_not_contact_details(client, lead, clinic):
    client.force_login(lead)
    url = reverse("admin:clinic_clinic_change", args=[clinic.pk])
    data = _clinic_post_data(clinic) | {"nprs_mcid": "3", "name": "Renamed", "idle_logout_minutes": "240"}
    assert client.post(url, data).status_code == 302
    clinic.refresh_from_db()
    assert clinic.nprs_mcid == 3 and clinic.name == "Riverside" and clinic.idle_logout_minutes == 30


def test_manager_sets_contact_details_but_not_thresholds(client, manager, clinic):
    client.force_login(manager)
    url = reverse("admin:clinic_clinic_change", args=[clinic.pk])
    data = _clinic_post_data(clinic) | {"nprs_mcid": "5", "phone": "0123 456", "idle_logout_minutes": "15"}
    assert client.post(url, data).status_code == 302
    clinic.refresh_from_db()
    assert clinic.nprs_mcid == 2 and clinic.phone == "0123 456" and clinic.idle_logout_minutes == 15


@pytest.mark.parametrize("who", ["admin_staff", "therapist"])
def test_front_desk_and_therapists_read_the_clinic_settings(client, request, clinic, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("admin:clinic_clinic_change", args=[clinic.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, _clinic_post_data(clinic) | {"nprs_mcid": "5"}).status_code == 403
    clinic.refresh_from_db()
    assert clinic.nprs_mcid == 2


# --- User accounts: never rights through the user admin ---------------------------------------------


def test_manager_cannot_grant_rights_through_the_user_admin(client, manager, admin_staff):
    groups_before = _role_groups(admin_staff)
    therapists = Group.objects.get(name="Therapists")
    view_visit = Permission.objects.get(codename="view_visit")
    client.force_login(manager)
    page = client.get(change_url(admin_staff))
    assert 'name="is_superuser"' not in page.text
    data = _user_post_data(
        admin_staff,
        is_superuser="on",
        is_staff="on",
        groups=[therapists.pk],
        user_permissions=[view_visit.pk],
        first_name="Renamed",
    )
    response = client.post(change_url(admin_staff), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    admin_staff.refresh_from_db()
    assert admin_staff.first_name == "Renamed"
    assert not admin_staff.is_superuser
    assert _role_groups(admin_staff) == groups_before
    assert not admin_staff.user_permissions.exists()


def test_user_clinic_filter_lists_only_own_clinics(client, manager, other_clinic, outsider):
    client.force_login(manager)
    listing = client.get(reverse("admin:auth_user_changelist"))
    assert listing.status_code == 200
    assert "pam" in listing.text
    assert "Hillside" not in listing.text and "hana" not in listing.text


def test_portal_login_is_not_linked_in_the_admin(client, admin_staff, therapist, patient):
    client.force_login(admin_staff)
    url = reverse("admin:patients_patient_change", args=[patient.pk])
    assert 'name="portal_user"' not in client.get(url).text
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
        "version": signed_version(patient),
    }
    assert client.post(url, data).status_code == 302
    patient.refresh_from_db()
    assert patient.portal_user_id is None


def test_reverting_an_old_version_keeps_the_fields_the_user_may_only_read(client, lead, manager, clinic):
    """simple-history saves the old copy whole: a practice manager reverting the clinic to an earlier
    version must not put back the thresholds, which only the clinical lead may change."""
    from tests.edit_forms import loaded_admin_form

    url = reverse("admin:clinic_clinic_change", args=[clinic.pk])
    first = clinic.history.earliest("history_date")
    client.force_login(lead)
    assert client.post(url, loaded_admin_form(client.get(url), nprs_mcid="3")).status_code == 302
    client.force_login(manager)
    revert_url = reverse("admin:clinic_clinic_simple_history", args=[clinic.pk, first.history_id])
    response = client.post(revert_url, loaded_admin_form(client.get(revert_url), phone="0123 999"))
    assert response.status_code == 302
    clinic.refresh_from_db()
    assert clinic.phone == "0123 999" and clinic.nprs_mcid == 3


# --- Who may open it ------------------------------------------------------------------------------


ADMIN_LOGINS = {"anonymous": ADMIN_LOGIN, "patient_account": ADMIN_LOGIN}


def _admin_patient(view):
    return lambda get: reverse(f"admin:patients_patient_{view}", args=[get("patient").pk])


ACCESS = cells(
    row("index", lambda get: reverse("admin:index"), ADMIN_PAGE),
    row("patients", lambda get: reverse("admin:patients_patient_changelist"), ADMIN_PAGE),
    row("patient", _admin_patient("change"), ADMIN_PAGE, outsider=NOT_FOUND),
    row("patient history", _admin_patient("history"), ADMIN_PAGE, outsider=NOT_FOUND),
    row(
        "delete patient",
        _admin_patient("delete"),
        {**profile(FORBIDDEN, superuser=OK, outsider=NOT_FOUND), **ADMIN_LOGINS},
    ),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
