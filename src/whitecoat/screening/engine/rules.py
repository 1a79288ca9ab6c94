"""The rules, as data an admin can read: what each checks, why, how bad, and examples.

Every rule's positive examples must raise a finding of that rule and its negative examples
must not (tests/screening/test_rules.py runs them all). Severity is the rule's usual one;
an identifier in a post about a particular patient is raised to "block" (see screen.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import Severity

# A bare text, or (text, context) when the rule needs context (a professional account).
Example = str | tuple[str, dict[str, Any]]

HIPAA = "HIPAA Safe Harbor, 45 CFR 164.514(b)(2)"
DONT_PHOTOS = "DON'T take photos or videos on the job"
DONT_DISPARAGE = "DON'T disparage any other medical profession publicly, ever"
DONT_PARTNER = "DON'T enter paid partnerships lightly; if you do, fully disclose them"
DO_SEPARATE = "DO distinguish between personal and professional-facing accounts"
POLICY = "Social media usage procedure"


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    type: str
    severity: Severity
    title: str
    guideline: str
    explanation: str
    suggestion: str
    positive: tuple[Example, ...]
    negative: tuple[Example, ...]
    # Praise: a DO the post already does. Shown as a tip, never lowers the verdict.
    praise: bool = False

    @property
    def message(self) -> str:
        return self.message_with("")

    def message_with(self, extra: str) -> str:
        """The explanation, what the policy adds about this post, then the guideline cited."""
        return f"{self.explanation}{extra} ({self.guideline})"


def _phi(
    code: str,
    type_: str,
    severity: Severity,
    title: str,
    what: str,
    suggestion: str,
    positive: tuple[Example, ...],
    negative: tuple[Example, ...],
) -> Rule:
    return Rule(
        code=code,
        type=type_,
        severity=severity,
        title=title,
        guideline=f"{HIPAA}: {what}",
        explanation=(
            f"This looks like {title.lower()}. Tied to a patient or a relative it is protected "
            "health information, which needs the patient's written authorisation to post."
        ),
        suggestion=suggestion,
        positive=positive,
        negative=negative,
    )


RULES: tuple[Rule, ...] = (
    _phi(
        "phi.name",
        "NAME",
        Severity.WARN,
        "A person's name",
        "names",
        "Remove the name or say 'a patient'. Crediting a colleague is fine: give their "
        "title (Dr., Prof.) so the coach knows.",
        (
            "My patient John Kowalski finally went home after three weeks.",
            "Mrs. Jablonski asked me to share her story.",
            "Her name is Anneliese Brandt and she is the bravest 8-year-old I know.",
            "Thinking of little Maximilian, who rang the bell after his last chemo.",
        ),
        (
            "Congratulations to Dr. Maria Lopez on her well-deserved promotion!",
            "Huge thanks to Priya Raman, MD, for a fantastic grand rounds talk.",
            "Grand Rounds today on Crohn's disease and Parkinson's disease.",
            "Proud to work at Cleveland Clinic.",
        ),
    ),
    _phi(
        "phi.date",
        "DATE",
        Severity.TIP,
        "A date",
        "all elements of dates (except year) related to an individual",
        "Keep only the year, or drop the date, when it relates to a patient.",
        (
            "Admitted her on March 3 with chest pain.",
            "DOB 04/12/1961, presenting with fever.",
            "She was born on 7/14/1995.",
            "Delivered on the 3rd of June 2024 at 02:10.",
        ),
        (
            "In 2023 we published 14 papers on heart failure.",
            "Our program started in 2020 with 20 ambassadors.",
            "Blood pressure 120/80 is the goal for most adults.",
        ),
    ),
    _phi(
        "phi.age",
        "AGE",
        Severity.TIP,
        "An age",
        "ages over 89 (an age is also a patient-story detail)",
        "Drop the age, or widen it ('in her 90s' becomes 'an older patient').",
        (
            "A 93-year-old walked out of our clinic today after a hip replacement.",
            "Patient is a 65-year-old male with a history of headaches.",
            "She turned 101 on the ward last week.",
        ),
        (
            "Screening should start at 45 for most adults.",
            "Twenty years of practice taught me to listen first.",
        ),
    ),
    _phi(
        "phi.phone",
        "PHONE",
        Severity.WARN,
        "A phone number",
        "telephone numbers",
        "Remove the number unless it is the institution's public line.",
        (
            "His daughter's cell is 617-555-0142 if anyone knows the family.",
            "Text the patient back at (312) 555-0199.",
        ),
        (
            "Call our clinic at 734-764-2220 to schedule a consultation.",
            "Questions? Call 1-800-555-0100, our nurse line.",
            "Our program grew from 20 to 200 ambassadors between 2020-2024.",
        ),
    ),
    _phi(
        "phi.fax",
        "FAX",
        Severity.WARN,
        "A fax number",
        "fax numbers",
        "Remove the fax number.",
        ("Fax the records to 212-555-0187 today.",),
        ("Fax machines still run healthcare, somehow.",),
    ),
    _phi(
        "phi.email",
        "EMAIL",
        Severity.WARN,
        "An e-mail address",
        "electronic mail addresses",
        "Remove the address; point people to the institution's public contact page.",
        ("Her son asked me to write to jane.kowalski1961@example.com.",),
        ("E-mail is not a secure way to share results.",),
    ),
    _phi(
        "phi.ssn",
        "SSN",
        Severity.BLOCK,
        "A Social Security number",
        "Social Security numbers",
        "Remove the number. Never post it.",
        ("Registration wrote SSN 078-05-1120 on the wristband.",),
        ("Social Security numbers never belong on a post.",),
    ),
    _phi(
        "phi.mrn",
        "MRN",
        Severity.BLOCK,
        "A medical record number",
        "medical record numbers",
        "Remove the number. Never post it.",
        ("Chart for MRN 004817263 was left open.", "Medical record #A1234567 needs signing."),
        ("Medical records should never be photographed.",),
    ),
    _phi(
        "phi.id",
        "ID",
        Severity.WARN,
        "An account, plan, licence, device or card number",
        "health plan, account, certificate/licence, vehicle and device numbers",
        "Remove the number. Never post it.",
        (
            "Member ID 8843-2291-77 was on the insurance card.",
            "His card 4111 1111 1111 1111 was left at the desk.",
            "Pacemaker serial number PM2290018 recalled.",
        ),
        ("Our trial is registered as NCT01234567.", "COVID-19 boosters are available."),
    ),
    _phi(
        "phi.url",
        "URL",
        Severity.TIP,
        "A web address",
        "web addresses (URLs)",
        "Make sure the link does not lead to a patient's page, photo or record.",
        ("Her fundraiser is at www.gofundme.com/help-anna-recover",),
        ("Read our new paper: https://doi.org/10.1056/NEJMoa2034577",),
    ),
    _phi(
        "phi.ip",
        "IP",
        Severity.WARN,
        "An IP address",
        "internet protocol (IP) addresses",
        "Remove the address.",
        ("The portal login came from 192.168.14.201 at 3 am.",),
        ("Version 2.0.1 of the app is out.",),
    ),
    _phi(
        "phi.address",
        "ADDRESS",
        Severity.WARN,
        "A street address",
        "street addresses and other geographic subdivisions smaller than a state",
        "Remove the address.",
        (
            "Ambulance picked him up at 1737 Cheriton Drive after the fall.",
            "She still lives on 33 avenue de Provence.",
            "Found at the corner of Elm and Main, unresponsive.",
        ),
        ("Our clinic moved to a bigger building this spring.",),
    ),
    _phi(
        "phi.location",
        "LOCATION",
        Severity.TIP,
        "A town or city",
        "geographic subdivisions smaller than a state",
        "A town is fine for your own travel; never combine it with a patient's story.",
        (
            "Our patient from Kenosha was airlifted in today.",
            "Drove the kids to Altoona for the weekend.",
        ),
        ("Proud to serve patients across Michigan.", "Back from the congress in Spain."),
    ),
    _phi(
        "phi.zip",
        "ZIP",
        Severity.WARN,
        "A ZIP or postal code",
        "ZIP codes (the first three digits only, for large areas)",
        "Remove the ZIP code.",
        ("Her zip code is 48109 and she has nobody nearby.", "Lives in Ann Arbor, MI 48104."),
        ("Flu shots at all 14 of our clinics this week.",),
    ),
    Rule(
        code="story.patient_cues",
        type="PATIENT_STORY",
        severity=Severity.WARN,
        title="Patient-story details",
        guideline=f"{HIPAA}: any other unique identifying characteristic",
        explanation=(
            "This post combines details of a particular patient (who, when, where, a bed, an "
            "age, a rare condition). Together they can identify someone even without a name."
        ),
        suggestion=(
            "Remove the time, the place and the bed; generalise the age; or tell the story "
            "only with the patient's written authorisation."
        ),
        positive=(
            "My patient in bed 4 today finally smiled.",
            "The 16-year-old we delivered this morning is doing great.",
            "Saw a rare case of Fabry disease in our ED tonight.",
        ),
        negative=(
            "Patients with diabetes should see their eye doctor every year.",
            "Great to be at the conference today!",
        ),
    ),
    Rule(
        code="media.on_the_job",
        type="MEDIA",
        severity=Severity.WARN,
        title="A photo or video from work",
        guideline=DONT_PHOTOS,
        explanation=(
            "The photo or video looks like it was taken in a clinical setting. Patients, "
            "screens, charts or wristbands in the frame are protected health information."
        ),
        suggestion=(
            "Post it only with the written consent/HIPAA authorisation of everyone shown and "
            "the department's approval; check the background for screens and names."
        ),
        positive=(
            ("Long night!", {"media": [{"caption": "selfie in the ICU at 3am"}]}),
            ("Scrubbed in!", {"media": [{"alt_text": "surgeon in scrubs at the OR table"}]}),
            "Quick video from the OR before we start.",
        ),
        negative=(
            ("Morning run done.", {"media": [{"caption": "sunrise over the river"}]}),
            "The OR is where teamwork matters most.",
        ),
    ),
    Rule(
        code="media.metadata",
        type="MEDIA",
        severity=Severity.TIP,
        title="Location and time in a photo's data",
        guideline=f"{HIPAA}: dates and geographic subdivisions",
        explanation=(
            "The attached file carries its GPS position or the time it was taken. Together "
            "with the post they can place a patient at a time and place."
        ),
        suggestion="Remove the location and time data before posting (most apps can).",
        positive=(("New clinic garden!", {"media": [{"exif_gps": [42.28, -83.74]}]}),),
        negative=(("New clinic garden!", {"media": [{"caption": "our garden"}]}),),
    ),
    Rule(
        code="conduct.disparagement",
        type="DISPARAGEMENT",
        severity=Severity.BLOCK,
        title="Disparaging a profession",
        guideline=DONT_DISPARAGE,
        explanation=(
            "This reads as putting down another profession or colleague group. It reflects on "
            "you, your colleagues and the institution."
        ),
        suggestion="Make the point about the system or the evidence, not about a profession.",
        positive=(
            "Chiropractors are quacks, plain and simple.",
            "Honestly the ER docs are clueless about this.",
        ),
        negative=(
            "Nurses are the backbone of every unit. Thank you!",
            "Surgeons and anesthesiologists: teamwork saves lives.",
        ),
    ),
    Rule(
        code="partnership.undisclosed",
        type="PARTNERSHIP",
        severity=Severity.BLOCK,
        title="A paid partnership without a disclosure",
        guideline=DONT_PARTNER,
        explanation=(
            "This looks like a promotion (a promo code, a discount, an affiliate link, "
            "'swipe up', a gifted product) and the post does not disclose it."
        ),
        suggestion=(
            "Put a clear disclosure at the start, such as '#ad' or 'Paid partnership with …'."
        ),
        positive=(
            "Love these compression socks! Swipe up to save 20% with code DOCTOR",
            "This stethoscope was gifted by the brand and it is amazing.",
            "Use my code DRJEN for 15% off your first order.",
        ),
        negative=(
            "#ad Love these compression socks! Use code DOCTOR for 20% off.",
            "Our hospital's discount pharmacy program helps uninsured patients.",
        ),
    ),
    Rule(
        code="partnership.disclosed",
        type="PARTNERSHIP",
        severity=Severity.TIP,
        title="A disclosed paid partnership",
        guideline=DONT_PARTNER,
        explanation=(
            "A disclosed partnership: good. Check it fits the conflict-of-interest policy and "
            "that you would recommend the product without the payment."
        ),
        suggestion="Keep the disclosure at the start, where it is seen before 'more'.",
        positive=("#ad Love these compression socks! Use code DOCTOR for 20% off.",),
        negative=("Love these compression socks for long shifts.",),
    ),
    Rule(
        code="advice.individual",
        type="ADVICE",
        severity=Severity.WARN,
        title="Individual medical advice",
        guideline=f"{POLICY}: general education, not individual advice",
        explanation=(
            "This invites people to share their own symptoms or results, or gives advice to one "
            "person. That starts a doctor-patient relationship outside the clinic."
        ),
        suggestion=(
            "Keep to general education and point people to their own clinician or the "
            "institution's appointment line."
        ),
        positive=(
            "DM me your symptoms and I'll tell you if it's serious.",
            "Send me your lab results and I can review your labs tonight.",
        ),
        negative=(
            "Talk to your own doctor about your symptoms.",
            "DM me if you want to join our residency program!",
        ),
    ),
    Rule(
        code="account.personal_content",
        type="PERSONAL",
        severity=Severity.TIP,
        title="Personal content on a professional account",
        guideline=DO_SEPARATE,
        explanation="This looks like family or holiday content on your professional account.",
        suggestion="Post it on your personal account, ideally a private one.",
        positive=(
            ("Family trip to the orchard with my kids!", {"account": "professional"}),
            ("Date night after a long week.", {"account": "professional"}),
        ),
        negative=(
            ("Family trip to the orchard with my kids!", {"account": "personal"}),
            ("Apples are a great snack for kids.", {"account": "professional"}),
        ),
    ),
    Rule(
        code="account.disclaimer",
        type="DISCLAIMER",
        severity=Severity.TIP,
        title="No disclaimer on a professional account",
        guideline=f"{POLICY}: professional accounts state 'views are my own'",
        explanation="The account's bio does not say that the views are your own.",
        suggestion="Add 'Views are my own; not medical advice.' to the bio.",
        positive=(("New paper out!", {"account": "professional", "bio": "Cardiologist at Mercy"}),),
        negative=(
            (
                "New paper out!",
                {"account": "professional", "bio": "Cardiologist. Views my own, not advice."},
            ),
        ),
    ),
    Rule(
        code="do.credit_colleagues",
        type="GOOD_PRACTICE",
        severity=Severity.TIP,
        title="Credit to colleagues",
        guideline="DO robustly promote the accomplishments of colleagues",
        explanation="You are promoting a colleague's work: exactly what the program is for.",
        suggestion="Tag them and link the work so your audience can find it.",
        positive=("Congratulations to Dr. Maria Lopez on her promotion!",),
        negative=("Long shift, going to sleep.",),
        praise=True,
    ),
    Rule(
        code="do.conference",
        type="GOOD_PRACTICE",
        severity=Severity.TIP,
        title="Conference takeaways",
        guideline="DO share the most salient points at conferences",
        explanation="Sharing conference takeaways helps colleagues who could not attend.",
        suggestion="Use the meeting's official hashtag and credit the speaker.",
        positive=("Key takeaway from #ASCO24: ask about financial toxicity.",),
        negative=("Long shift, going to sleep.",),
        praise=True,
    ),
    Rule(
        code="do.cite_publication",
        type="GOOD_PRACTICE",
        severity=Severity.TIP,
        title="A cited publication",
        guideline="DO use your voice for education; cite the evidence",
        explanation="Linking the publication lets readers check the evidence.",
        suggestion="Add a one-line takeaway in plain language.",
        positive=("Our trial is out: https://doi.org/10.1056/NEJMoa2034577",),
        negative=("Long shift, going to sleep.",),
        praise=True,
    ),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
