"""A minimal SAML 2.0 identity provider for the tests: its own key pair and self-signed
certificate (made with `cryptography` at test time), a metadata document, and signed
responses to the service provider's authentication requests (signed with the `xmlsec`
binding through python3-saml's `OneLogin_Saml2_Utils.add_sign`). No network, no pysaml2."""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from onelogin.saml2.constants import OneLogin_Saml2_Constants as Saml
from onelogin.saml2.utils import OneLogin_Saml2_Utils

SAML_NS = "urn:oasis:names:tc:SAML:2.0:assertion"
SAMLP_NS = "urn:oasis:names:tc:SAML:2.0:protocol"
PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"
PASSWORD_CONTEXT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
ENTITY_ID = "https://idp.hospital.test/saml"
SSO_URL = "https://idp.hospital.test/saml/sso"


@dataclass(frozen=True)
class KeyPair:
    key_pem: str
    cert_pem: str

    @property
    def cert_body(self) -> str:
        """The certificate as metadata carries it: base64 DER without the PEM armour."""
        lines = self.cert_pem.strip().splitlines()
        return "".join(line for line in lines if "CERTIFICATE" not in line)


def make_key_pair(common_name: str = "idp.hospital.test") -> KeyPair:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return KeyPair(key_pem=key_pem, cert_pem=cert.public_bytes(serialization.Encoding.PEM).decode())


def _instant(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class AuthnRequest:
    id: str
    acs_url: str
    issuer: str


@dataclass
class SamlIdP:
    keys: KeyPair
    entity_id: str = ENTITY_ID
    sso_url: str = SSO_URL
    signing_keys: KeyPair | None = None  # another key pair: signatures the SP must refuse
    issued: list[str] = field(default_factory=list)

    def metadata(self) -> str:
        return f"""<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{self.entity_id}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false"
      protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data><ds:X509Certificate>{self.keys.cert_body}</ds:X509Certificate></ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="{self.sso_url}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""

    def read_request(self, redirect_url: str) -> AuthnRequest:
        """The AuthnRequest the SP sent with the browser (HTTP-Redirect binding)."""
        assert redirect_url.startswith(self.sso_url), redirect_url
        encoded = parse_qs(urlsplit(redirect_url).query)["SAMLRequest"][0]
        xml = OneLogin_Saml2_Utils.decode_base64_and_inflate(encoded)
        root = etree.fromstring(xml)
        issuer = root.find("{urn:oasis:names:tc:SAML:2.0:assertion}Issuer")
        return AuthnRequest(
            id=root.get("ID"),
            acs_url=root.get("AssertionConsumerServiceURL"),
            issuer=issuer.text if issuer is not None else "",
        )

    def response(
        self,
        request: AuthnRequest,
        *,
        name_id: str,
        attributes: dict[str, list[str]],
        audience: str | None = None,
        now: dt.datetime | None = None,
        lifetime: dt.timedelta = dt.timedelta(minutes=5),
        tamper: dict[str, str] | None = None,
    ) -> str:
        """A signed SAML Response (base64, as the SAMLResponse form field) to `request`."""
        now = now or dt.datetime.now(dt.UTC)
        assertion_id = f"_a{uuid.uuid4().hex}"
        self.issued.append(assertion_id)
        attribute_xml = "".join(
            f"<saml:Attribute Name={quoteattr(name)} "
            f'NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">'
            + "".join(f"<saml:AttributeValue>{escape(v)}</saml:AttributeValue>" for v in values)
            + "</saml:Attribute>"
            for name, values in attributes.items()
        )
        not_after = _instant(now + lifetime)
        assertion = (
            f'<saml:Assertion xmlns:saml="{SAML_NS}" ID="{assertion_id}" Version="2.0" '
            f'IssueInstant="{_instant(now)}">'
            f"<saml:Issuer>{self.entity_id}</saml:Issuer>"
            "<saml:Subject>"
            f'<saml:NameID Format="{PERSISTENT}">{escape(name_id)}</saml:NameID>'
            '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
            f'<saml:SubjectConfirmationData NotOnOrAfter="{not_after}" '
            f'Recipient="{request.acs_url}" InResponseTo="{request.id}"/>'
            "</saml:SubjectConfirmation></saml:Subject>"
            f'<saml:Conditions NotBefore="{_instant(now - dt.timedelta(seconds=30))}" '
            f'NotOnOrAfter="{not_after}"><saml:AudienceRestriction>'
            f"<saml:Audience>{escape(audience or request.issuer)}</saml:Audience>"
            "</saml:AudienceRestriction></saml:Conditions>"
            f'<saml:AuthnStatement AuthnInstant="{_instant(now)}" '
            f'SessionIndex="_s{uuid.uuid4().hex}"><saml:AuthnContext>'
            f"<saml:AuthnContextClassRef>{PASSWORD_CONTEXT}</saml:AuthnContextClassRef>"
            "</saml:AuthnContext></saml:AuthnStatement>"
            f"<saml:AttributeStatement>{attribute_xml}</saml:AttributeStatement>"
            "</saml:Assertion>"
        )
        keys = self.signing_keys or self.keys
        signed = OneLogin_Saml2_Utils.add_sign(
            assertion,
            keys.key_pem,
            keys.cert_pem,
            sign_algorithm=Saml.RSA_SHA256,
            digest_algorithm=Saml.SHA256,
        )
        signed_assertion = signed.decode() if isinstance(signed, bytes) else signed
        for old, new in (tamper or {}).items():
            assert old in signed_assertion, old
            signed_assertion = signed_assertion.replace(old, new)
        response = (
            f'<samlp:Response xmlns:samlp="{SAMLP_NS}" xmlns:saml="{SAML_NS}" '
            f'ID="_r{uuid.uuid4().hex}" Version="2.0" IssueInstant="{_instant(now)}" '
            f'Destination="{request.acs_url}" InResponseTo="{request.id}">'
            f"<saml:Issuer>{self.entity_id}</saml:Issuer>"
            f'<samlp:Status><samlp:StatusCode Value="{SUCCESS}"/></samlp:Status>'
            f"{signed_assertion}</samlp:Response>"
        )
        return base64.b64encode(response.encode()).decode()
