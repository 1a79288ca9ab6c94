"""Identifiers with a shape: e-mail, URL, IP, SSN, record and account numbers, phone and fax,
dates, ages, ZIP codes and street addresses. One compiled pattern per family, one pass each.
"""

from __future__ import annotations

import re

from .hits import Hit
from .lexicon import REGIONS, TOWNS

# --- e-mail, URL, IP -------------------------------------------------------------------

EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
# Bare domains only with a well-known top-level domain, so "e.g." or "Dr.Smith" stay text.
URL = re.compile(
    r"(?<![\w@.])(?:(?:https?://|www\.)[^\s<>\"'()\[\]]+"
    r"|(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"(?:com|org|net|edu|gov|io|info|biz|health|care|app|dev|ly|me|co|us|uk|ca|au|nz|de|fr"
    r"|es|it|nl|be|ch|at|se|no|dk|fi|is|pl|cz|sk|hu|si|hr|ee|lv|lt|pt|gr|cy|ie|uy|br|ar|mx"
    r"|in|jp|cn|ru|za|tn)(?:\.[a-z]{2})?\b(?:/[^\s<>\"']*)?)"
)
URL_TRAILING = ".,;:!?)]}'\""
# Links to the literature are a DO ("cite the publication"), not an identifier.
SCHOLARLY = re.compile(
    r"(?:doi\.org|dx\.doi|pubmed|ncbi\.nlm|pmc/|nejm\.org|jamanetwork|thelancet|bmj\.com"
    r"|nature\.com|sciencedirect|springer|wiley|academic\.oup|ahajournals|biorxiv|medrxiv"
    r"|cochranelibrary|clinicaltrials\.gov|annals\.org|cell\.com|science\.org|plos)",
    re.IGNORECASE,
)
IPV4 = re.compile(
    r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.]\d)"
)
IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){2,7}(?::|[0-9A-Fa-f]{1,4})(?![\w:])")

# --- numbers: SSN, labelled record/account numbers, cards and IBANs ----------------------

SSN = re.compile(r"(?<![\w-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\w-])")
SSN_LABELLED = re.compile(
    r"\b(?:SSN|social security(?: number| no\.?| #)?|SS#)\s*(?:is|:|#)?\s*"
    r"(\d{3}[- ]?\d{2}[- ]?\d{4})\b",
    re.IGNORECASE,
)
# A label, then a code with at least four digits. The label decides MRN versus ID.
LABELLED_ID = re.compile(
    r"\b(?P<label>MRN|med(?:ical)? rec(?:ord)?s?|chart|patient id|pt id|hospital (?:number|no)"
    r"|acct|account|member(?:ship)?|policy|health ?plan|insurance|beneficiary|subscriber|claim"
    r"|licen[cs]e|DL|driver'?s licen[cs]e|certificate|cert|VIN|plate|serial|device(?: id)?"
    r"|passport|IBAN|card|NPI|DEA)"
    r"(?:\s+(?:number|num|no\.?|id|#))?\s*(?:is|:|#|=|-)?\s*(?:is\s+|#\s*)?"
    r"(?P<code>[A-Z0-9](?:[A-Z0-9-]{2,}[A-Z0-9])(?:\s[0-9]{2,})*)\b",
    re.IGNORECASE,
)
MRN_LABELS = ("mrn", "med", "chart", "patient", "pt ", "hospital")
CARD = re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
# Letters and digits mixed, with at least six digits: licence, plate, device or member codes.
MIXED_CODE = re.compile(
    r"\b(?=[A-Z0-9-]*\d(?:[A-Z-]*\d){5})(?=[A-Z0-9-]*[A-Z])[A-Z][A-Z0-9-]{6,}\b|\b\d{6,}[A-Z]{1,3}\b"
)
PUBLIC_CODE = re.compile(
    r"^(?:NCT\d{8}|ISRCTN\d+|PMC\d+|PMID\d+|COVID-?19|SARS-COV-2)$", re.IGNORECASE
)

# --- phone and fax ---------------------------------------------------------------------

PHONE = re.compile(
    r"(?<![\w/.+-])(?:\+|00)?\(?\d[\d().\- ]{5,20}\d(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?![\w/]|[.,]\d)"
)
PHONE_PUBLIC_AFTER = re.compile(
    r"^\W{0,3}(?:to|for)\s+(?:book|schedule|make an appointment|register|sign up|enrol|enroll"
    r"|learn more|more information|appointments?)\b",
    re.IGNORECASE,
)
PHONE_PUBLIC_BEFORE = re.compile(
    r"(?:^|[.!?:]\s*|please\s+)(?:call|text|dial)\s+(?:us\s+)?(?:at|on)?\s*$"
    r"|(?:call|text|phone|dial|reach|contact)(?:ing)?\s+(?:us|our)\b"
    r"|\b(?:our|the)\s+(?:office|clinic|practice|main|front desk|hotline|helpline|line|desk"
    r"|department|team|center|centre)\b|\b(?:appointments?|schedul\w*|hotline|helpline"
    r"|crisis line|lifeline|switchboard|information line|nurse line|consultation)\b",
    re.IGNORECASE,
)
FAX_BEFORE = re.compile(r"\bfax(?:ed)?\b|\bf\s*:", re.IGNORECASE)
TOLL_FREE = re.compile(r"^(?:\+?1[ .-]?)?\(?8(?:00|88|77|66|55|44|33)\)?[ .-]?\d{3}[ .-]?\d{4}$")
YEARISH = re.compile(r"^(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?$")
DATEISH = re.compile(r"^\d{1,4}[.-]\d{1,2}[.-]\d{1,4}$")

# --- dates and ages --------------------------------------------------------------------

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_TIME = r"(?:[ T,]+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?)?"
DATE = re.compile(
    # numeric with a year: 7/14/1995, 14.07.1995, 1978-07-13 07:00:28
    r"(?<![\w/.-])(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}[/.-]\d{1,2}[/.-]\d{1,2})"
    + _TIME
    + r"(?![\w/-]|\.\d)"
    # March 3, March 3rd 2023, Mar. 3-5
    + r"|\b"
    + _MONTH
    + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+\d{4})?\b"
    # 3 March, the 3rd of March 2023
    + r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTH
    + r"\b\.?(?:,?\s+\d{4})?"
    # March 2023: the month is an element of a date
    + r"|\b"
    + _MONTH
    + r"\.?\s+(?:of\s+)?(?:19|20)\d\d\b"
)
# m/d without a year only after a word that makes it a date ("on 3/14", "DOB 3/14").
SHORT_DATE = re.compile(
    r"\b(?:on|since|from|until|till|by|DOB|born|admitted|discharged|died|dated)\s+"
    r"((?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01]))(?![\w/])",
    re.IGNORECASE,
)
DATE_STRONG_BEFORE = re.compile(
    r"\b(?:DOB|D\.O\.B|date of birth|born|birthday|b\.|admitted|admission|discharged"
    r"|discharge|died|death|deceased|passed away|date of service|DOS|surgery|delivered)\b",
    re.IGNORECASE,
)
AGE = re.compile(
    r"\b(?P<n>\d{1,3})(?:[- ]?(?:years?|yrs?|y)[- ]?old|\s?(?:y/o|yo|y\.o\.)|[- ]year[- ]old)\b"
    r"|\b(?:aged?|age of|turned|turning|turns|turn)\s+(?P<m>\d{1,3})\b"
    r"|(?<![\w.])(?P<k>\d{1,3})\s?(?:M|F)(?![\w])"
    r"|\b(?:in (?:his|her|their) )(?P<d>[1-9]0)s\b"
    r"|\b(?:he|she)(?:\s+(?:was|is|turns|turned)|['’]s)\s+(?P<h>\d{1,3})"
    r"(?=\s*[.,;!?]|\s+(?:when|and|at|years|now|today)\b)",
    re.IGNORECASE,
)

# --- ZIP codes and street addresses ----------------------------------------------------

_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV"
    "|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|NS|ON|QC|BC|AB"
)
ZIP = re.compile(
    r"\b(?:zip(?:\s?code)?|postal\s?code|post\s?code|postcode|PLZ|CEP)\b\W{0,3}(?:is\s+)?"
    r"(?P<a>[A-Z0-9]{2,5}(?:[ -]?[A-Z0-9]{2,4})?)\b"
    r"|\b(?:" + _US_STATES + r")\.?,?\s+(?P<b>\d{5}(?:-\d{4})?)\b"
    r"|\b(?P<c>[A-Z]\d[A-Z] ?\d[A-Z]\d)\b",
    re.IGNORECASE,
)
# Street types in the languages a US health system's posts and its patients' addresses use.
# Street types that are not also everyday words, and those that are ("Gardens", "Park"):
# the second kind only counts capitalised, after capitalised words.
_STREET_AFTER = (
    r"(?:street|st|avenue|ave|av|road|rd|boulevard|blvd|lane|ln|drive|dr|ct|pl|sq|ter|pkwy"
    r"|highway|hwy|cir|trl|cres|rte|expressway|freeway|turnpike)"
)
_STREET_AFTER_CAPITALISED = (
    r"(?:Court|Place|Square|Terrace|Way|Close|Crescent|Parkway|Circle|Trail|Row|Walk|Alley"
    r"|Plaza|Park|Parks|Cove|Coves|Grove|Gardens|Heights|Hill|Hills|Mall|Loop|Path|Pike|Run"
    r"|Extension|Extensions|Route|View|Vista|Ridge|Point|Landing|Green|Mews|Wharf|Quay"
    r"|Estate|Flats)"
)
_STREET_SUFFIX = (
    r"(?:stra(?:ss|ß)e|str\.|gasse|weg|platz|allee|ring|damm|straat|laan|plein|gracht|kade"
    r"|singel|dreef|gatan|gata|vägen|väg|gränd|gade|vej|veien|vegen|vei|gate|stræde|torget"
    r"|katu|tie|kuja|polku|raitti|brekka|braut|vegur|stígur|gata|utca|út|tér|körút|ulice"
    r"|cesta|ulica|street|avenue|road|drive|lane|close|crescent|way)"
)
_STREET_BEFORE = (
    r"(?:rue|avenue|av\.|avda\.?|avenida|boulevard|bd|chemin|allée|impasse|quai|route|calle"
    r"|c/|carrer|camino|paseo|plaza|praça|rua|travessa|largo|via|viale|piazza|corso|vicolo"
    r"|strada|ul\.|ulica|al\.|aleja|plac|os\.|náměstí|nám\.|odos|οδός|λ\.|λεωφ\.)"
)
_WORD = r"[^\W\d_][\w'’.-]*"
ADDRESS = re.compile(
    # 1737 Cheriton Dr, 24 Clarke Avenue, 33 avenue de Provence, 12 Elm Gardens
    r"\b\d{1,6}[A-Za-z]?,?\s+(?:" + _WORD + r"\s+){0,4}?" + _STREET_AFTER + r"\b\.?"
    r"|(?-i:\b\d{1,6}[A-Za-z]?,?\s+(?:[A-Z][\w'’.-]*\s+){1,4}?" + _STREET_AFTER_CAPITALISED + r"\b)"
    r"|\b\d{1,6}[A-Za-z]?,?\s+"
    + _STREET_BEFORE
    + r"\s+(?:"
    + _WORD
    + r"\s+){0,4}?"
    + _WORD
    # Hammarvägen 15, Puruntie 82, Pfarrgasse 91
    + r"|\b[^\W\d_]*"
    + _STREET_SUFFIX
    + r"\s+\d{1,5}[A-Za-z]?\b"
    # Rue de Piétrain 371, ul. Słowicza 10, Via Roma 131
    r"|(?<![\w.])" + _STREET_BEFORE + r"\s+(?:" + _WORD + r"\s+){0,4}?\d{1,5}[A-Za-z]?\b"
    # the corner of X and Y
    r"|\bcorner of\s+[^\n,.;]{2,40}?\s+and\s+[^\n,.;?!]{2,40}"
    # P.O. Box 123, Postbox 21; military mail (PSC 5420, Box 2708 / APO AA 33879)
    r"|\b(?:P\.?\s?O\.?\s?Box|Postbox|Post Office Box)\s*\d+"
    r"|\b(?:PSC|CMR|Unit)\s+\d+,?\s+Box\s+\d+|\b(?:APO|FPO|DPO)\s+(?:AA|AE|AP)\s+\d{5}\b"
    # a named street without a number: "on Marina Fort Street"
    r"|(?-i:(?<![\w.])(?:[A-Z][\w'’-]+\s+){1,3}(?:Street|Avenue|Road|Boulevard|Lane|Drive"
    r"|Terrace|Parkway|Crescent)\b(?!\s+(?:Journal|Medical|Clinic|Hospital|Health)))",
    re.IGNORECASE,
)
# After "lives at", "address:", "drops you off at": the rest of the line, when it has a number.
ADDRESS_CUE = re.compile(
    r"\b(?:address(?:es)?(?: is)?|lives at|live at|living at|located at|sent to|send (?:it )?to"
    r"|ship(?:ped)? to|deliver(?:ed)? to|drops? (?:you|me|us) off at"
    r"|picked (?:him|her|me|them) up at|meet (?:me|you|us) at|resides? at)\s*[:\-]?\s+"
    r"(?P<addr>(?=[^\n]{0,30}\d)[^\s,.?!][^\n?!;]{2,70}?)"
    r"(?=\s*(?:[.?!;]\s|[.?!;]?$|\n|\s+(?:after|before|and then|for|on|at \d)\b))",
    re.IGNORECASE,
)
UNIT = re.compile(
    r"\b(?:Suite|Ste|Apt|Apartment|Unit|Flat)\.?\s*#?\s*\d+[A-Za-z]?\b",
    re.IGNORECASE,
)
# A following line or comma part that reads like the rest of an address: a town, a region,
# a postcode, a unit; capitalised words and numbers, no sentence.
ADDRESS_TAIL = re.compile(
    r"(?:[ \t]*(?:,|\n[ \t]*\n?)[ \t>?]*|[ \t]+)"
    r"(?:(?:Suite|Ste|Apt|Unit|Flat)\.?\s*\d+[A-Za-z]?"
    r"|[A-Z0-9][\w'’().-]*(?:[ \t]+(?:[A-Z0-9(][\w'’().-]*|de|la|del|da|do|di|le|of))*[ \t]*\d*)"
)


def _strip_url(value: str) -> str:
    return value.rstrip(URL_TRAILING)


def find_email_url_ip(text: str, out: list[Hit], praise: list[tuple[int, int]]) -> None:
    for m in EMAIL.finditer(text):
        out.append(Hit(m.start(), m.end(), "EMAIL", "phi.email"))
    for m in URL.finditer(text):
        value = _strip_url(m.group())
        if "." not in value:
            continue
        if SCHOLARLY.search(value):
            praise.append((m.start(), m.start() + len(value)))
            continue
        out.append(Hit(m.start(), m.start() + len(value), "URL", "phi.url"))
    for m in IPV4.finditer(text):
        out.append(Hit(m.start(), m.end(), "IP", "phi.ip"))
    if ":" in text:
        for m in IPV6.finditer(text):
            if sum(c.isdigit() or c in "abcdefABCDEF" for c in m.group()) >= 8:
                out.append(Hit(m.start(), m.end(), "IP", "phi.ip"))


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def find_numbers(text: str, out: list[Hit]) -> None:
    """SSNs, labelled records and accounts, card numbers, IBANs and other mixed codes."""
    for m in SSN.finditer(text):
        out.append(Hit(m.start(), m.end(), "SSN", "phi.ssn", "strong"))
    for m in SSN_LABELLED.finditer(text):
        out.append(Hit(m.start(1), m.end(1), "SSN", "phi.ssn", "strong"))
    for m in LABELLED_ID.finditer(text):
        code = m.group("code")
        if sum(c.isdigit() for c in code) < 4 or PUBLIC_CODE.match(code):
            continue
        label = m.group("label").lower()
        kind, rule = ("MRN", "phi.mrn") if label.startswith(MRN_LABELS) else ("ID", "phi.id")
        out.append(Hit(m.start("code"), m.end("code"), kind, rule, "strong"))
    for m in CARD.finditer(text):
        digits = m.group().replace(" ", "").replace("-", "")
        if 13 <= len(digits) <= 19 and _luhn(digits):
            out.append(Hit(m.start(), m.end(), "ID", "phi.id", "strong"))
    for m in IBAN.finditer(text):
        out.append(Hit(m.start(), m.end(), "ID", "phi.id", "strong"))
    for m in MIXED_CODE.finditer(text):
        if not PUBLIC_CODE.match(m.group()):
            out.append(Hit(m.start(), m.end(), "ID", "phi.id"))


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def find_phones(text: str, out: list[Hit], public_phones: frozenset[str]) -> None:
    for m in PHONE.finditer(text):
        value = m.group().rstrip(" .-(")
        start = m.start()
        if value.startswith(("(", "+")) is False and value[:1] == " ":
            continue
        digits = _digits(value.split("x")[0].split("ext")[0])
        if not 7 <= len(digits) <= 15:
            continue
        groups = [g for g in re.split(r"[^\d]+", value) if g]
        # A year range, a date or a plain count is not a phone number.
        if YEARISH.match(value) or DATEISH.match(value):
            continue
        if len(groups) == 1 and len(digits) not in (7, 10, 11, 12):
            continue
        if value.count(")") != value.count("("):
            value = value.lstrip("(")
            start = m.start() + (len(m.group()) - len(m.group().lstrip("(")))
        end = start + len(value)
        before = text[max(0, start - 48) : start]
        kind, rule = (
            ("FAX", "phi.fax") if FAX_BEFORE.search(before[-30:]) else ("PHONE", "phi.phone")
        )
        note = ""
        if (
            digits in public_phones
            or digits[-10:] in public_phones
            or TOLL_FREE.match(value)
            or PHONE_PUBLIC_BEFORE.search(before)
            or PHONE_PUBLIC_AFTER.match(text[end : end + 40])
        ):
            note = "public"
        out.append(Hit(start, end, kind, rule, note))


NUMERIC_DATE_START = re.compile(r"\d{1,4}[/.-]\d")


def _valid_numeric_date(value: str) -> bool:
    parts = [p for p in re.split(r"[/.\- T:]", value) if p]
    if len(parts) < 3:
        return False
    a, b, c = (int(p) for p in parts[:3])
    if len(parts[0]) == 4:  # y-m-d
        return 1 <= b <= 12 and 1 <= c <= 31
    # m/d/y or d/m/y: one of the first two is a month
    return 1 <= a <= 31 and 1 <= b <= 31 and (a <= 12 or b <= 12)


def find_dates_ages(text: str, out: list[Hit]) -> None:
    for m in DATE.finditer(text):
        value = m.group()
        if NUMERIC_DATE_START.match(value) and not _valid_numeric_date(value):
            continue
        note = (
            "strong" if DATE_STRONG_BEFORE.search(text[max(0, m.start() - 30) : m.start()]) else ""
        )
        out.append(Hit(m.start(), m.end(), "DATE", "phi.date", note))
    if "/" in text:
        for m in SHORT_DATE.finditer(text):
            out.append(Hit(m.start(1), m.end(1), "DATE", "phi.date"))
    for m in AGE.finditer(text):
        group = next(g for g in ("n", "m", "k", "d", "h") if m.group(g) is not None)
        age = int(m.group(group))
        if age > 125:
            continue
        if group == "d":
            age += 9  # "in her 90s"
        out.append(
            Hit(m.start(group), m.end(group), "AGE", "phi.age", "strong" if age > 89 else "")
        )


def _tail_ok(part: str) -> bool:
    """Is this line or comma part the rest of an address (town, region, postcode, unit)?"""
    words = part.split()
    if not words or len(words) > 6:
        return False
    lowered = [
        w
        for w in words
        if w[:1].islower() and w not in ("de", "la", "del", "da", "do", "di", "le", "of")
    ]
    return not lowered


# Every address pattern needs a digit, except named streets and street corners.
NO_DIGIT_ADDRESS = re.compile(
    r"Street|Avenue|Road|Boulevard|Lane|Drive|Terrace|Parkway|Crescent|corner", re.IGNORECASE
)
HAS_DIGIT = re.compile(r"\d")


def find_addresses(text: str, out: list[Hit]) -> None:
    if not HAS_DIGIT.search(text) and not NO_DIGIT_ADDRESS.search(text):
        return
    spans: list[tuple[int, int]] = []
    for m in ADDRESS.finditer(text):
        spans.append((m.start(), m.end()))
    for m in UNIT.finditer(text):
        # The line before a "Suite 501" line is the street line of the same address.
        line_start = text.rfind("\n", 0, m.start())
        prev_start = text.rfind("\n", 0, max(0, line_start))
        previous = text[prev_start + 1 : line_start] if line_start > 0 else ""
        if line_start > 0 and re.search(r"\d", previous) and len(previous.split()) <= 6:
            spans.append((prev_start + 1 + len(previous) - len(previous.lstrip(" \t>?")), m.end()))
        else:
            spans.append((m.start(), m.end()))
    for m in ADDRESS_CUE.finditer(text):
        spans.append((m.start("addr"), m.end("addr")))
    if not spans:
        return
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        # A house number line just before ("5049\nHarjukuja 54", "370 3911 Fourth Ave").
        lead = re.search(r"(?:\d{1,6}[ \t]+){1,2}$", text[max(0, start - 14) : start])
        if lead:
            start -= len(lead.group())
        if merged and start <= merged[-1][1] + 2:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for span in merged:
        start, end = span
        # Grow over the lines or comma parts that finish the address, at most five.
        for _ in range(5):
            m = ADDRESS_TAIL.match(text, end)
            if not m or not _tail_ok(m.group()):
                break
            end = m.end()
        out.append(Hit(start, end, "ADDRESS", "phi.address"))
    return


def find_zips(text: str, out: list[Hit]) -> None:
    for m in ZIP.finditer(text):
        group = next(g for g in ("a", "b", "c") if m.group(g) is not None)
        value = m.group(group)
        if group == "a" and not any(c.isdigit() for c in value):
            continue
        out.append(Hit(m.start(group), m.end(group), "ZIP", "phi.zip"))


# "in Bjert 6091", "Aalborg 9100": a known or capitalised place followed by a postcode.
PLACE_POSTCODE = re.compile(
    r"\b(?:in|at|,)\s+((?:[A-ZÀ-ÖØ-Þ][\w'’-]*\s+){1,3})(\d{3,5}(?:[ -]\d{2,3})?)\b"
)


def find_place_postcodes(text: str, out: list[Hit]) -> None:
    for m in PLACE_POSTCODE.finditer(text):
        place = m.group(1).strip()
        if place.lower() in REGIONS:
            continue
        out.append(Hit(m.start(1), m.start(1) + len(place), "LOCATION", "phi.location"))
        out.append(Hit(m.start(2), m.end(2), "ZIP", "phi.zip"))


def is_town(value: str) -> bool:
    return value.lower() in TOWNS
