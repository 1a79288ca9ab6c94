"""Each identifier type, in the kind of text physicians and clinical notes contain."""

from __future__ import annotations

import pytest

from whitecoat.screening.engine import screen

FOUND = [
    ("Pt is Ms. Jablonski, seen in clinic.", "NAME", "Jablonski"),
    ("Discussed the plan with her husband Tomasz Nowak.", "NAME", "Tomasz Nowak"),
    ("follow up with patricia desrosiers in two weeks", "NAME", "patricia desrosiers"),
    ("DOB: 04/12/1961", "DATE", "04/12/1961"),
    ("Surgery on 2024-03-14 went well.", "DATE", "2024-03-14"),
    ("Seen on 3/14 for follow-up.", "DATE", "3/14"),
    ("He was admitted in March 2024.", "DATE", "March 2024"),
    ("A 102 yo woman with pneumonia.", "AGE", "102"),
    ("Her mother, aged 91, lives alone.", "AGE", "91"),
    ("Reach the family at +44 7700 900123.", "PHONE", "+44 7700 900123"),
    ("fax: 617-555-0199", "FAX", "617-555-0199"),
    ("Write to the family at kowalski.family@gmail.com", "EMAIL", "kowalski.family@gmail.com"),
    ("SSN 078-05-1120 on the form.", "SSN", "078-05-1120"),
    ("MRN: 12345678", "MRN", "12345678"),
    ("Policy # XJ8834221 was denied.", "ID", "XJ8834221"),
    ("Driver's license D1234567 found in his wallet.", "ID", "D1234567"),
    ("Her blog: https://annas-recovery.example.com/day-12", "URL", "https://annas-recovery.example.com/day-12"),
    ("Login from 10.24.3.198 flagged.", "IP", "10.24.3.198"),
    ("Lives at 42 Wallaby Way, Sydney.", "ADDRESS", "42 Wallaby Way"),
    ("Sent home to 1600 Pennsylvania Ave NW.", "ADDRESS", "1600 Pennsylvania Ave"),
    ("She lives at Hauptstraße 5, Berlin.", "ADDRESS", "Hauptstraße 5"),
    ("Transferred from a nursing home in Ypsilanti.", "LOCATION", "Ypsilanti"),
    ("Ann Arbor, MI 48104", "ZIP", "48104"),
    ("Postal code: K1A 0B1", "ZIP", "K1A 0B1"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "value"), FOUND)
def test_identifier_is_found_with_its_type(text: str, kind: str, value: str) -> None:
    found = {(f.type, text[f.start : f.end]) for f in screen(text).findings}

    assert any(k == kind and value in v for k, v in found), found


QUIET = [
    "Blood pressure goal is 130/80 for most adults.",
    "Take 2 tablets twice a day for 5-7 days.",
    "Our ED saw 40% more visits between 2019-2023.",
    "Version 2.0.1 of the guideline is out.",
    "HbA1c under 7% lowers complication risk.",
    "The COVID-19 vaccine is safe in pregnancy.",
    "Great session on Grand Rounds about Lp(a).",
    "Thanks to the nurses on 7 West!",
    "Screening starts at 45. Book your colonoscopy.",
    "Will you join us? May is Stroke Awareness Month.",
]


@pytest.mark.parametrize("text", QUIET)
def test_ordinary_clinical_text_has_no_identifier(text: str) -> None:
    assert [f for f in screen(text).findings if f.is_identifier] == []
