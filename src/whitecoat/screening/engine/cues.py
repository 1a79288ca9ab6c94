"""Cues that are not identifiers: patient stories, on-the-job media, disparagement, paid
partnerships, individual advice, personal content, the disclaimer, and the DOs."""

from __future__ import annotations

import re

from .hits import Hit
from .model import Context

IC = re.IGNORECASE

# --- patient stories -------------------------------------------------------------------
# Each family is one kind of detail; the more kinds a post combines, the more it identifies.
STORY = {
    "patient": re.compile(
        r"(?:^|[.!?\n]\s*)(?:pt|patient)\b(?!s)"
        r"|\b(?:my|our|a|the|this|that|one)\s+(?:(?:\w+|\d+[- ]year[- ]old)\s+){0,2}?"
        r"(?:patient|pt)(?:['’]s)?(?![\w'’])(?!\s+(?:care|safety|education|experience|outcomes?|portal))",
        IC,
    ),
    "bed": re.compile(
        r"\b(?:bed|room|rm|bay|cubicle|stretcher|trauma bay|exam room|OR)\s*#?\s*\d{1,4}[A-Za-z]?\b"
    ),
    "age": re.compile(
        r"\b\d{1,3}[- ](?:year|yr|month|week|day)s?[- ]old\b|\b\d{1,3}\s?(?:y/o|yo)\b"
        r"|(?<![\w.])\d{1,3}\s?[MF](?!\w)",
        IC,
    ),
    "time": re.compile(
        r"\b(?:today|tonight|this (?:morning|afternoon|evening|week)|last (?:night|week|shift)"
        r"|yesterday|earlier today|just now|overnight|on (?:my )?(?:call|shift)"
        r"|at \d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.))\b",
        IC,
    ),
    "event": re.compile(
        r"\b(?:delivered|admitted|discharged|intubated|extubated|coded|resuscitated|operated on"
        r"|diagnosed|passed away|died|came in|came into|presented (?:with|to)|rushed in|brought in"
        r"|transferred|scrubbed in on|rounded on|took care of|taking care of|treated|saw)\b",
        IC,
    ),
    "place": re.compile(
        r"\b(?:our|the|my|in the|at the|to|to the|in)\s+(?:ED|ER|ICU|NICU|PICU|OR|ward|unit"
        r"|floor|clinic|trauma bay|L&D|labor and delivery|delivery room|cath lab|PACU)\b"
    ),
    "rare": re.compile(
        r"\b(?:rare|rarest|one in a million|1 in a million|first case|never seen (?:this|one|a)"
        r"|unusual case|zebra|case report|medical mystery)\b",
        IC,
    ),
}
ANCHORS = ("patient", "bed", "age", "rare")

# --- media -----------------------------------------------------------------------------
# Places and things that only appear when the camera is in a clinical setting.
SETTING_WORDS = re.compile(
    r"\b(?:operating room|theatre|bedside|scrubs|monitors?|ward|x-?rays?|scans?|charts?"
    r"|wristband|hospital bed|delivery room|labou?r and delivery|exam room|cath lab"
    r"|endoscopy suite|nurses'? station|call room|trauma bay|intensive care"
    r"|emergency (?:room|department)|mid-?op|intra-?op|IV pole|gurney|stretcher|OR table)\b",
    IC,
)
# Words of clinical work in general: a setting only when the post is about the moment
# ("patients" in "what it means for patients" is education, not a photo on the job).
SETTING_WEAK = re.compile(
    r"\b(?:patients?|surgery|surgical|incision|wound|ultrasound|rounds|on call|specimen"
    r"|vitals|post-?op)\b",
    IC,
)
IN_THE_MOMENT = re.compile(
    r"\b(?:today|tonight|this (?:morning|afternoon|evening)|right now|just now|on shift"
    r"|at work|mid-?shift|behind the scenes|caught|snapped|filmed|filming|live from)\b",
    IC,
)
SETTING_ACRONYMS = re.compile(
    r"\b(?:OR|O\.R\.|ICU|NICU|PICU|ED|ER|CT|MRI|L&D|PACU|CVICU|SICU|MICU)\b"
)
PHOTO_WORDS = re.compile(
    r"\b(?:photos?|pics?|pictures?|selfies?|videos?|vids?|clips?|snaps?|tiktoks?|reels?"
    r"|footage|filmed|filming|recorded|snapped|livestream\w*)\b",
    IC,
)

# --- conduct, partnerships, advice, personal content -------------------------------------
_PROFESSIONS = (
    r"(?:nurses?|NPs|nurse practitioners?|physician assistants?|PAs|mid-?levels?|pharmacists?"
    r"|chiropractors?|naturopaths?|midwi(?:fe|ves)|doulas?|paramedics?|EMTs?|physios?"
    r"|physical therapists?|therapists?|dentists?|optometrists?|podiatrists?|surgeons?"
    r"|anesthesiologists?|anaesthetists?|radiologists?|pathologists?|psychiatrists?"
    r"|psychologists?|hospitalists?|internists?|pediatricians?|ob-?gyns?|dermatologists?"
    r"|cardiologists?|oncologists?|neurologists?|(?:ER|EM|ED|family) docs?|GPs|residents"
    r"|interns|med students|administrators|admins|doctors|docs|physicians|scientists"
    r"|researchers|techs)"
)
_DEROGATORY = (
    r"(?:idiots?|morons?|incompetent|useless|clueless|lazy|stupid|dumb|quacks?|worthless"
    r"|pathetic|trash|garbage|clowns|frauds?|fake doctors?|not real doctors?|glorified"
    r"|wannabes?|a joke|hacks|brainless|can'?t (?:even )?(?:read|think|do anything)"
    r"|(?:don'?t|doesn'?t) know (?:anything|what they'?re doing)|know nothing"
    r"|(?:just )?(?:don'?t|doesn'?t|do not|never) get (?:it|anything)"
    r"|(?:don'?t|doesn'?t|do not) get\b(?:\W+\w+){0,3}?\W+at all|(?:have|has) no clue)"
)
DISPARAGEMENT = re.compile(
    r"\b" + _PROFESSIONS + r"\b(?:\W+\w+){0,6}?\W+" + _DEROGATORY + r"\b"
    r"|\b" + _DEROGATORY + r"\b(?:\W+\w+){0,6}?\W+" + _PROFESSIONS + r"\b",
    IC,
)
PROMO = re.compile(
    r"\b(?:promo(?:tional)?\s+code|discount\s+(?:code|link)|coupon(?:\s+code)?|use\s+(?:my\s+)?code"
    r"|with\s+(?:my\s+)?code|\d{1,2}\s?%\s?off|\d{1,2}\s?percent\s+off|save\s+\d{1,2}\s?(?:%|percent)"
    r"|\d{1,2}\s?%\s+discount|affiliate(?:\s+link)?|swipe\s+up|was\s+gifted|got\s+gifted"
    r"|gifted\s+(?:me|to\s+me|by)|sent\s+me\s+(?:this|these|some|a)|PR\s+package"
    r"|(?:partnered|partnering|teamed\s+up)\s+with|brand\s+ambassador|amzn\.to/\S+"
    r"|[?&](?:tag|aff|affid|affiliate|ref)=\S+)",
    IC,
)
PROMO_CODE = re.compile(r"\bcode\s+[A-Z][A-Z0-9]{2,}\b")
DISCLOSURE = re.compile(
    r"(?:#ad\b|#advert\w*|#sponsored|#paid\w*|#partner(?:ship)?\b|#brandpartner|#gifted"
    r"|\bpaid partnership\b|\bsponsored\b|\badvertisement\b|\bad:|\[ad\]|\(ad\)"
    r"|\bI(?: was|'m| am) (?:being )?paid\b|\bpaid (?:promotion|post|ad)\b|\bdisclosure:)",
    IC,
)
ADVICE = re.compile(
    r"\b(?:DM|dm|message|inbox|email|e-mail|text|send|comment|tell|show)\s+me\s+(?:with\s+)?"
    r"(?:your|about your|a photo of your|pics of your)\s+(?:symptoms?|labs?|lab results|results"
    r"|scans?|x-?rays?|images|pictures|photos|rash|meds|medications?|case|history|records?"
    r"|questions|diagnosis|mole|moles)\b"
    r"|\b(?:I can|I'll|I will|let me|happy to)\s+(?:diagnose|tell you what you have"
    r"|review your (?:labs|results|scans|chart|meds)|look at your|prescribe|treat you)\b"
    r"|\bask me (?:about )?your (?:symptoms|meds|medications|case|results)\b"
    r"|\byou should (?:stop|start|double|increase|decrease|cut) (?:taking )?your\b",
    IC,
)
PERSONAL = re.compile(
    r"\b(?:my|our)\s+(?:kids?|children|son|daughter|husband|wife|hubby|family|baby|toddler"
    r"|dog|cat|puppy|parents|in-laws|honeymoon)\b|\b(?:vacation|vacay|beach day|date night"
    r"|anniversary|birthday party|wedding|honeymoon|family trip|road trip|weekend getaway)\b"
    r"|#(?:family|vacation|holiday|weekendvibes|familytime|momlife|mommylife|dadlife)\b",
    IC,
)
DISCLAIMER = re.compile(
    r"views?\s+(?:are\s+)?(?:my|mine|own)|opinions?\s+(?:are\s+)?(?:my|mine|own)|own views"
    r"|not (?:medical )?advice|RTs?\s*(?:≠|!=|are not|do not equal|aren'?t|not)\s*endorse"
    r"|(?:tweets|posts) (?:are )?(?:my )?own|does not constitute medical advice"
    r"|for (?:general )?educational purposes|not (?:representing|on behalf of)",
    IC,
)

# --- the DOs -----------------------------------------------------------------------------
CONFERENCE = re.compile(
    r"#[A-Za-z]+(?:20)?\d{2}\b|\b(?:annual meeting|congress|conference|symposium|grand rounds"
    r"|plenary|keynote|late[- ]breaking|poster session|abstract)\b",
    IC,
)
CITATION = re.compile(
    r"\bdoi:\s?10\.|\b10\.\d{4,9}/\S+|\bPMID:?\s?\d+|\bpublished (?:today )?in\b", IC
)
CREDIT = re.compile(
    r"\b(?:congrat\w*|kudos|shout[- ]?outs?|so proud of|well deserved|welcome|thank you"
    r"|thanks to|great work by|fantastic talk)\b",
    IC,
)
MENTION = re.compile(r"(?<![\w@])@\w{2,}")


def story(text: str) -> tuple[list[Hit], bool]:
    """Patient-story findings and whether the post talks about a particular patient."""
    kinds: dict[str, tuple[int, int]] = {}
    for kind, pattern in STORY.items():
        m = pattern.search(text)
        if m:
            kinds[kind] = (m.start(), m.end())
    anchors = [k for k in ANCHORS if k in kinds]
    if not anchors:
        return [], False
    score = len(kinds)
    hits: list[Hit] = []
    if score >= 3:
        severity = "block"
    elif score == 2 or "bed" in kinds:
        severity = "warn"
    else:
        severity = ""
    if severity:
        start, end = kinds[anchors[0]]
        detail = "+".join(sorted(kinds))
        hits.append(Hit(start, end, "PATIENT_STORY", "story.patient_cues", f"{severity}:{detail}"))
    about_patient = ("patient" in kinds and score >= 2) or "bed" in kinds or score >= 3
    return hits, about_patient


def _setting(value: str) -> re.Match[str] | None:
    """A clinical-setting cue: a place or thing, or clinical work described in the moment."""
    strong = SETTING_ACRONYMS.search(value) or SETTING_WORDS.search(value)
    if strong:
        return strong
    weak = SETTING_WEAK.search(value)
    return weak if weak and IN_THE_MOMENT.search(value) else None


def media(text: str, context: Context) -> list[Hit]:
    hits: list[Hit] = []
    setting_in_text = _setting(text)
    if setting_in_text and (context.media or PHOTO_WORDS.search(text)):
        hits.append(
            Hit(setting_in_text.start(), setting_in_text.end(), "MEDIA", "media.on_the_job", "text")
        )
    for index, item in enumerate(context.media):
        file_words = re.sub(r"[_\-.]+", " ", item.file_name)
        for where, value in (
            ("caption", item.caption),
            ("alt_text", item.alt_text),
            ("file_name", file_words),
        ):
            if value and _setting(value):
                hits.append(Hit(0, 0, "MEDIA", "media.on_the_job", f"media[{index}].{where}"))
                break
        if item.exif_gps is not None or item.exif_datetime:
            hits.append(Hit(0, 0, "MEDIA", "media.metadata", f"media[{index}].exif"))
    return hits


def conduct(text: str, context: Context) -> list[Hit]:
    hits: list[Hit] = []
    for m in DISPARAGEMENT.finditer(text):
        hits.append(Hit(m.start(), m.end(), "DISPARAGEMENT", "conduct.disparagement"))
    promo = PROMO.search(text) or PROMO_CODE.search(text)
    if promo:
        disclosed = context.paid_partnership_label or bool(DISCLOSURE.search(text))
        rule = "partnership.disclosed" if disclosed else "partnership.undisclosed"
        hits.append(Hit(promo.start(), promo.end(), "PARTNERSHIP", rule))
    for m in ADVICE.finditer(text):
        hits.append(Hit(m.start(), m.end(), "ADVICE", "advice.individual"))
    if context.account == "professional":
        m = PERSONAL.search(text)
        if m:
            hits.append(Hit(m.start(), m.end(), "PERSONAL", "account.personal_content"))
        if context.bio and not DISCLAIMER.search(context.bio):
            hits.append(Hit(len(text), len(text), "DISCLAIMER", "account.disclaimer", "bio"))
    return hits


def praise(
    text: str, colleagues: list[tuple[int, int]], scholarly: list[tuple[int, int]]
) -> list[Hit]:
    """The DOs the post already does, as positive tips (they never lower the verdict)."""
    hits: list[Hit] = []
    credit = CREDIT.search(text)
    mention = MENTION.search(text)
    if colleagues and credit:
        start, end = colleagues[0]
        hits.append(Hit(start, end, "GOOD_PRACTICE", "do.credit_colleagues"))
    elif credit and mention:
        hits.append(Hit(mention.start(), mention.end(), "GOOD_PRACTICE", "do.credit_colleagues"))
    m = CONFERENCE.search(text)
    if m:
        hits.append(Hit(m.start(), m.end(), "GOOD_PRACTICE", "do.conference"))
    if scholarly:
        start, end = scholarly[0]
        hits.append(Hit(start, end, "GOOD_PRACTICE", "do.cite_publication"))
    else:
        m = CITATION.search(text)
        if m:
            hits.append(Hit(m.start(), m.end(), "GOOD_PRACTICE", "do.cite_publication"))
    return hits
