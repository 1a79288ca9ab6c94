"""The role table's pure arithmetic (whitecoat.identity.mapping: no Django)."""

from __future__ import annotations

from whitecoat.identity.mapping import (
    Rule,
    claims_from_extra_data,
    managed_roles,
    roles_from_claims,
)

RULES = [
    Rule(claim="groups", value="SocialMedia-Admins", role="program_admin"),
    Rule(claim="groups", value="Executives", role="leadership"),
    Rule(claim="department_chair", value="true", role="nominator"),
]


def test_oidc_claims_merge_id_token_and_userinfo_with_userinfo_winning():
    extra = {
        "id_token": {"sub": "1", "groups": ["Old"], "acr": "mfa"},
        "userinfo": {"sub": "1", "groups": ["New", "Other"]},
    }

    claims = claims_from_extra_data(provider_kind="openid_connect", extra_data=extra)

    assert claims == {"sub": ["1"], "groups": ["New", "Other"], "acr": ["mfa"]}


def test_claim_values_become_strings():
    extra = {"userinfo": {"chair": True, "level": 3, "nested": {"a": 1}, "none": None}}

    claims = claims_from_extra_data(provider_kind="openid_connect", extra_data=extra)

    assert claims == {"chair": ["true"], "level": ["3"], "nested": [], "none": []}


def test_saml_attributes_pass_through():
    extra = {"memberOf": ["cn=a", "cn=b"], "mail": ["x@hospital.test"]}

    claims = claims_from_extra_data(provider_kind="saml", extra_data=extra)

    assert claims == {"memberOf": ["cn=a", "cn=b"], "mail": ["x@hospital.test"]}


def test_roles_match_values_without_regard_to_case():
    claims = {"groups": ["socialmedia-admins", "EXECUTIVES"]}

    assert roles_from_claims(claims=claims, rules=RULES) == {"program_admin", "leadership"}


def test_roles_need_the_exact_claim_name():
    claims = {"Groups": ["SocialMedia-Admins"], "department_chair": ["True"]}

    assert roles_from_claims(claims=claims, rules=RULES) == {"nominator"}


def test_no_matching_rule_grants_nothing():
    assert roles_from_claims(claims={"groups": ["Staff"]}, rules=RULES) == set()
    assert roles_from_claims(claims={}, rules=[]) == set()


def test_managed_roles_are_those_the_rules_name():
    assert managed_roles(rules=RULES) == {"program_admin", "leadership", "nominator"}
