"""Roles are Django groups; these functions resolve a user's role and keep groups in sync.

Object-level scoping (which departments, which ambassador) lives in the selectors; the
groups' model permissions govern the Django admin, which only program admins may use.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission

from whitecoat.organizations.enums import Role

DATA_APPS = ("organizations", "program", "metrics", "training", "content", "imports", "core")
# Sign-in settings only program admins manage: single sign-on applications and their role
# tables, and users' authenticators (to reset a lost phone).
SIGN_IN_APPS = ("identity", "socialaccount", "mfa")

# Highest first: a user in several groups acts with the first one listed here on their home page.
ROLE_PRECEDENCE = [
    Role.PROGRAM_ADMIN,
    Role.LEADERSHIP,
    Role.NOMINATOR,
    Role.AMBASSADOR,
    Role.REQUESTER,
]

User = AbstractBaseUser | AnonymousUser


def user_roles(user: Any) -> set[Role]:
    """Every role the user holds; superusers are program admins; logged-in users can request."""
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_whitecoat_roles", None)
    if cached is not None:
        return cached
    names = {group.name for group in user.groups.all()}
    roles = {role for role in Role if role.value in names}
    if user.is_superuser:
        roles.add(Role.PROGRAM_ADMIN)
    roles.add(Role.REQUESTER)
    user._whitecoat_roles = roles
    return roles


def user_role(user: Any) -> Role | None:
    """The user's primary role, which picks their home page."""
    roles = user_roles(user)
    return next((role for role in ROLE_PRECEDENCE if role in roles), None)


def user_has_role(user: Any, role: Role) -> bool:
    return role in user_roles(user)


def user_is_admin(user: Any) -> bool:
    return Role.PROGRAM_ADMIN in user_roles(user)


def user_sees_everything(user: Any) -> bool:
    """Program admins and leadership read the whole program."""
    return bool(user_roles(user) & {Role.PROGRAM_ADMIN, Role.LEADERSHIP})


def _permissions_for(role: Role) -> list[Permission]:
    ours = Permission.objects.filter(content_type__app_label__in=DATA_APPS)
    if role == Role.PROGRAM_ADMIN:
        users = Permission.objects.filter(
            content_type__app_label="auth", content_type__model__in=["user", "group"]
        ).exclude(codename__in=["add_group", "change_group", "delete_group"])
        sign_in = Permission.objects.filter(content_type__app_label__in=SIGN_IN_APPS)
        return [*ours, *users, *sign_in]
    if role == Role.LEADERSHIP:
        return list(ours.filter(codename__startswith="view_"))
    return []


def roles_sync() -> None:
    """Create one group per role and give it its model permissions (idempotent)."""
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set(_permissions_for(role))


def roles_sync_after_migrate(**kwargs: Any) -> None:
    roles_sync()


def user_grant_role(*, user: Any, role: Role) -> None:
    """Add a role; program admins also get the staff flag so they can use the Django admin."""
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    if role == Role.PROGRAM_ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if hasattr(user, "_whitecoat_roles"):
        del user._whitecoat_roles
