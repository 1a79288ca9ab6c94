"""The hard cases the issue names, and the policy around them, in physicians' posts."""

from __future__ import annotations

from whitecoat.screening.engine import Context, Finding, screen


def _found(text: str, context: Context | None = None) -> list[tuple[str, str, str]]:
    """(type, severity, the text found) for every finding, for readable assertions."""
    return [
        (f.type, str(f.severity), text[f.start : f.end]) for f in screen(text, context).findings
    ]


def _types(text: str, context: Context | None = None) -> set[str]:
    return {f.type for f in screen(text, context).findings}


def test_colleague_congratulated_is_no_finding() -> None:
    result = screen("Congratulations to Dr. Maria Lopez on her well-deserved promotion!")

    assert result.verdict == "ok"
    assert [f.rule for f in result.findings] == ["do.credit_colleagues"]


def test_colleague_without_title_congratulated_is_no_finding() -> None:
    result = screen("Congrats to Sarah Chen on matching into Emergency Medicine!")

    assert result.verdict == "ok"


def test_patient_name_is_blocked() -> None:
    text = "My patient Maria Lopez finally went home today after three weeks."

    assert ("NAME", "block", "Maria Lopez") in _found(text)
    assert screen(text).verdict == "block"


def test_patient_thanked_is_still_a_patient() -> None:
    text = "Thank you to my patient John Kowalski for letting me share his story today."

    assert ("NAME", "block", "John Kowalski") in _found(text)


def test_bare_year_is_not_a_date() -> None:
    assert "DATE" not in _types("In 2023 we published 14 papers on heart failure.")


def test_month_and_day_is_a_date() -> None:
    assert ("DATE", "tip", "March 3") in _found("Join us on March 3 for our heart health fair.")


def test_month_and_day_of_a_patient_is_blocked() -> None:
    text = "Admitted my patient on March 3 with chest pain; she is doing well today."

    assert ("DATE", "block", "March 3") in _found(text)


def test_promotion_without_ad_is_blocked() -> None:
    result = screen("Loving these scrubs! Use code DRJEN for 20% off.")

    assert result.verdict == "block"
    assert [f.rule for f in result.findings] == ["partnership.undisclosed"]


def test_promotion_with_ad_is_a_tip() -> None:
    result = screen("#ad Loving these scrubs! Use code DRJEN for 20% off.")

    assert result.verdict == "tip"
    assert [f.rule for f in result.findings] == ["partnership.disclosed"]


def test_platform_paid_partnership_label_counts_as_disclosure() -> None:
    context = Context(paid_partnership_label=True)

    result = screen("Loving these scrubs! Use code DRJEN for 20% off.", context)

    assert [f.rule for f in result.findings] == ["partnership.disclosed"]


def test_hospital_public_line_is_no_finding() -> None:
    assert screen("Call our clinic at 734-764-2220 to schedule a consultation.").verdict == "ok"


def test_hospital_line_listed_in_context_is_no_finding() -> None:
    context = Context(public_phones=("(734) 764-2220",))

    assert screen("Questions? 734.764.2220", context).verdict == "ok"


def test_patient_phone_number_is_blocked() -> None:
    text = "My patient's daughter asked me today to post her cell, 617-555-0142."

    assert ("PHONE", "block", "617-555-0142") in _found(text)


def test_patient_in_bed_today_is_a_blocking_story() -> None:
    result = screen("My patient in bed 4 today finally smiled.")

    assert result.verdict == "block"
    assert "PATIENT_STORY" in {f.type for f in result.findings}


def test_teenager_delivered_this_morning_is_a_blocking_story() -> None:
    result = screen("The 16-year-old we delivered this morning is doing great!")

    assert result.verdict == "block"


def test_rare_condition_with_place_and_time_is_a_blocking_story() -> None:
    result = screen("Saw a rare case of Fabry disease in our ED in Boulder tonight.")

    assert result.verdict == "block"
    assert "LOCATION" in {f.type for f in result.findings}


def test_general_education_about_patients_is_ok() -> None:
    assert screen("Patients with diabetes should see their eye doctor every year.").verdict == "ok"


def test_age_over_89_is_blocked_even_alone() -> None:
    assert ("AGE", "block", "93") in _found("A 93-year-old finished the marathon!")


def test_eponym_is_not_a_name() -> None:
    assert "NAME" not in _types("New data on Crohn's disease and Erdheim-Chester disease.")


def test_institution_name_allowed_by_context_is_no_finding() -> None:
    context = Context(allow=("Mount Sinai",))

    assert screen("Proud of the whole team at Mount Sinai!", context).verdict == "ok"


def test_on_the_job_media_is_a_warning_naming_consent() -> None:
    context = Context.from_dict({"media": [{"caption": "Night shift in the ICU"}]})

    result = screen("Long night.", context)

    media = [f for f in result.findings if f.rule == "media.on_the_job"]
    assert result.verdict == "warn"
    assert "consent" in media[0].suggestion
    assert (media[0].start, media[0].end, media[0].where) == (0, 0, "media[0].caption")


def test_photo_gps_alone_is_a_tip_and_with_clinical_cues_a_warning() -> None:
    garden = Context.from_dict({"media": [{"exif_gps": [42.2, -83.7]}]})
    ward = Context.from_dict(
        {"media": [{"exif_gps": [42.2, -83.7], "alt_text": "patient in a hospital bed"}]}
    )

    assert screen("Our garden", garden).verdict == "tip"
    metadata = [f for f in screen("Ward", ward).findings if f.rule == "media.metadata"]
    assert str(metadata[0].severity) == "warn"


def test_individual_advice_is_a_warning() -> None:
    assert screen("DM me your symptoms and I'll tell you what to do.").verdict == "warn"


def test_personal_content_is_a_tip_only_on_a_professional_account() -> None:
    text = "Beach day with my kids!"

    assert screen(text, Context(account="professional")).verdict == "tip"
    assert screen(text, Context(account="personal")).verdict == "ok"


def test_disclaimer_missing_from_professional_bio_is_a_tip_at_the_end() -> None:
    text = "New paper out!"
    context = Context(account="professional", bio="Cardiologist at Mercy.")

    finding = next(f for f in screen(text, context).findings if f.rule == "account.disclaimer")

    assert (finding.start, finding.end, finding.where) == (len(text), len(text), "bio")


def test_verdict_is_the_worst_severity() -> None:
    text = "Chiropractors are quacks. Join us March 3."

    assert screen(text).verdict == "block"


def test_praise_alone_leaves_the_verdict_ok() -> None:
    result = screen("Key takeaways from #ASCO24 and our paper: https://doi.org/10.1/abc")

    assert result.verdict == "ok"
    assert {f.rule for f in result.findings} == {"do.conference", "do.cite_publication"}


def test_finding_as_dict_has_the_cli_keys() -> None:
    finding = screen("SSN 078-05-1120").findings[0]

    assert isinstance(finding, Finding)
    assert list(finding.as_dict()) == ["start", "end", "type", "rule", "severity", "message"]


def _rules(text: str, context: Context | None = None) -> list[str]:
    return [f.rule for f in screen(text, context).findings]


def test_educational_video_mentioning_patients_is_not_on_the_job() -> None:
    from whitecoat.screening.engine import Media

    caption = "What the new vaccination paper means for patients"
    context = Context(account="professional", media=(Media(caption=caption),))

    assert "media.on_the_job" not in _rules(caption + " https://doi.org/10.1000/x.1", context)


def test_clinical_work_described_in_the_moment_with_media_is_on_the_job() -> None:
    from whitecoat.screening.engine import Media

    context = Context(account="professional", media=(Media(caption="Rounds this morning"),))

    assert "media.on_the_job" in _rules("Busy rounds this morning with my patients", context)


def test_saying_another_profession_just_does_not_get_it_is_disparagement() -> None:
    text = "Honestly, some of the nurses on nights just don't get heart failure at all."

    assert _rules(text) == ["conduct.disparagement"]


def test_disagreeing_with_a_profession_politely_is_not_disparagement() -> None:
    text = "Pharmacists get asked about drug interactions all day; ask yours at pickup."

    assert "conduct.disparagement" not in _rules(text)
