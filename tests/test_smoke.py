from whitecoat.organizations.enums import Role
from whitecoat.organizations.roles import user_role


def test_personas_have_their_roles(personas):
    assert user_role(personas["admin"]) == Role.PROGRAM_ADMIN
    assert user_role(personas["chair_cardiology"]) == Role.NOMINATOR
    assert user_role(personas["outsider"]) == Role.REQUESTER
