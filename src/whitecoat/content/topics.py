"""Department and topic tagging: which service lines and topics a post concerns.

Plain Python (no Django). Each department has a list of keywords and phrases; admins edit
them in the app, and until they do, `default_keywords(name, specialty)` offers a starter
list picked by the department's name and specialty. A phrase matches case-insensitively on
word boundaries ("stroke" matches "Stroke," but not "heatstroke"); a hashtag matches as
written (#cardiotwitter), and a trailing `*` matches any ending ("cardio*").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# Starter lists, chosen by words in a department's name or specialty. Admins replace them.
STARTER_KEYWORDS: dict[str, tuple[str, ...]] = {
    "cardi": (
        "heart", "cardiac", "cardiology", "cardiovascular", "#cardiotwitter", "heart failure",
        "blood pressure", "hypertension", "atrial fibrillation", "afib", "cholesterol",
        "statin*", "arrhythmia", "heart attack", "myocardial", "stent", "echocardiogra*",
        "valve", "TAVR", "cardiomyopathy", "coronary",
    ),
    "neuro": (
        "stroke", "brain", "neurology", "neurosurgery", "#neurotwitter", "migraine",
        "epilepsy", "seizure*", "dementia", "alzheimer*", "parkinson*", "multiple sclerosis",
        "concussion", "spine", "aneurysm",
    ),
    "onc": (
        "cancer", "oncology", "#oncology", "tumor", "tumour", "immunotherapy",
        "chemotherapy", "radiation therapy", "cancer screening", "mammogra*", "leukemia",
        "lymphoma", "melanoma", "metasta*", "biopsy", "clinical trial",
    ),
    "cancer": ("cancer", "oncology", "tumor", "immunotherapy", "chemotherapy", "screening"),
    "ortho": (
        "orthopedic*", "orthopaedic*", "joint replacement", "knee", "hip", "ACL",
        "fracture", "sports medicine", "arthritis", "bone", "spine", "#orthotwitter",
    ),
    "gastro": (
        "gastroenterology", "colonoscopy", "colon cancer", "colorectal", "IBD", "crohn*",
        "colitis", "liver", "hepatitis", "GERD", "gut", "microbiome", "pancrea*",
        "#gitwitter",
    ),
    "geriatr": (
        "geriatric*", "older adults", "aging", "ageing", "falls", "dementia", "caregiver*",
        "frailty", "polypharmacy",
    ),
    "pulmo": (
        "lung", "pulmonary", "asthma", "COPD", "pneumonia", "respiratory", "lung cancer",
        "smoking", "vaping", "sleep apnea", "#pulmtwitter",
    ),
    "urolog": (
        "urology", "prostate", "bladder", "kidney stone*", "PSA", "incontinence",
        "#urology",
    ),
    "nephro": (
        "kidney", "nephrology", "dialysis", "CKD", "kidney transplant", "#nephtwitter",
    ),
    "obstet": (
        "pregnancy", "pregnant", "prenatal", "maternal", "obstetric*", "gynecolog*",
        "postpartum", "IVF", "fertility", "menopause", "endometriosis", "cervical cancer",
        "HPV", "#obgyn",
    ),
    "gyn": ("gynecology", "gynaecology", "menopause", "endometriosis", "#obgyn"),
    "pediatr": (
        "pediatric*", "paediatric*", "children", "child", "kids", "infant*", "newborn*",
        "teen*", "adolescent*", "vaccin*", "#pedsicu", "#peds",
    ),
    "child": ("children", "kids", "pediatric*", "newborn*", "infant*"),
    "psych": (
        "mental health", "psychiatry", "depression", "anxiety", "suicide", "PTSD",
        "bipolar", "schizophrenia", "ADHD", "burnout", "wellbeing", "well-being",
        "#mentalhealth", "substance use", "addiction",
    ),
    "ophthalm": (
        "eye", "eyes", "vision", "ophthalmology", "glaucoma", "cataract*", "retina*",
        "macular degeneration",
    ),
    "endocrin": (
        "diabetes", "diabetic", "insulin", "thyroid", "endocrinology", "obesity", "GLP-1",
        "semaglutide", "blood sugar", "glucose", "#diabetes", "hormone*",
    ),
    "diabet": ("diabetes", "insulin", "blood sugar", "glucose", "A1C"),
    "emergency": (
        "emergency", "ER", "ED", "trauma", "#emergencymedicine", "#FOAMed", "overdose",
        "CPR", "first aid", "heat stroke", "heatstroke",
    ),
    "education": (
        "medical education", "#meded", "medical student*", "residency", "residents",
        "curriculum", "match day", "white coat ceremony", "trainee*", "teaching",
    ),
    "biomed": (
        "PhD", "graduate student*", "lab", "laboratory", "research", "grant", "NIH",
        "#phdlife", "science", "#science",
    ),
    "genetic": (
        "genetic*", "genomic*", "DNA", "genome", "CRISPR", "gene therapy", "hereditary",
        "sequencing", "precision medicine",
    ),
    "dermat": ("skin", "dermatology", "eczema", "psoriasis", "acne", "sunscreen", "melanoma"),
    "radiol": ("radiology", "imaging", "MRI", "CT scan", "X-ray", "ultrasound", "#radres"),
    "surg": ("surgery", "surgeon*", "surgical", "operating room", "#surgtwitter", "robotic"),
    "infect": (
        "infection*", "infectious disease", "antibiotic*", "HIV", "COVID", "flu",
        "influenza", "vaccin*", "#IDtwitter", "measles",
    ),
    "rheumat": ("rheumatology", "arthritis", "lupus", "autoimmune", "gout"),
    "anesth": ("anesthesia", "anaesthesia", "anesthesiology", "pain management", "sedation"),
    "nurs": ("nurse*", "nursing", "#nursetwitter", "RN", "patient care"),
    "public health": ("public health", "vaccin*", "health equity", "community health"),
    "family": ("primary care", "family medicine", "check-up", "checkup", "annual physical"),
}  # fmt: skip

# Topics every post can carry, whatever its department.
TOPIC_PHRASES: dict[str, tuple[str, ...]] = {
    "research": (
        "new paper", "our paper", "new study", "our study", "published", "publication",
        "journal", "preprint", "findings", "trial", "randomized", "cohort study",
        "meta-analysis", "review of", "open access", "our group", "our lab", "grant",
    ),
    "patient_education": (
        "ask your doctor", "questions to ask", "for patients", "what it means for patients",
        "how to", "tips", "signs of", "symptoms of", "when to see", "screening",
        "prevention", "thread for patients", "explainer",
    ),
    "myth_busting": ("myth", "fact:", "misinformation", "debunk*", "not true", "actually,"),
    "conference": (
        "conference", "annual meeting", "congress", "symposium", "session", "poster*",
        "abstract", "keynote", "grand rounds", "takeaways",
    ),
    "colleague_recognition": (
        "congratulations", "congrats", "proud of", "well deserved", "shout-out",
        "shoutout", "kudos", "award", "honored", "honoured",
    ),
    "training": ("trainee*", "resident*", "fellow*", "medical student*", "mentor*", "#meded"),
    "advocacy": ("advocacy", "policy", "legislation", "health equity", "access to care"),
}  # fmt: skip
TOPIC_LABELS = {
    "research": "Research",
    "patient_education": "Patient education",
    "myth_busting": "Debunking misinformation",
    "conference": "Conference takeaways",
    "colleague_recognition": "Promoting colleagues",
    "training": "Trainees and education",
    "advocacy": "Advocacy",
}


def default_keywords(name: str, specialty: str = "") -> list[str]:
    """A starter keyword list for a department, from the words of its name and specialty."""
    haystack = f"{name} {specialty}".lower()
    words: list[str] = []
    for stem, phrases in STARTER_KEYWORDS.items():
        if stem in haystack:
            for phrase in phrases:
                if phrase.lower() not in (w.lower() for w in words):
                    words.append(phrase)
    if not words:
        # Fall back to the department's own name: "Sleep Medicine" finds "sleep medicine".
        words = [name.strip()] if name.strip() else []
    return words


def parse_keywords(text: str) -> list[str]:
    """One keyword or phrase per line (or separated by commas), trimmed, without repeats."""
    seen: set[str] = set()
    out: list[str] = []
    for raw in re.split(r"[\n,]", text or ""):
        phrase = " ".join(raw.split())
        if phrase and phrase.lower() not in seen:
            seen.add(phrase.lower())
            out.append(phrase[:100])
    return out


def _phrase_pattern(phrase: str) -> str:
    stem = phrase.endswith("*")
    core = phrase.rstrip("*").strip()
    body = r"\s+".join(re.escape(part) for part in core.split())
    start = r"(?<!\w)"
    end = r"\w*" if stem else r"(?!\w)"
    return f"{start}{body}{end}"


@dataclass(frozen=True)
class Matcher:
    """A compiled keyword list: `matches(text)` gives the phrases found, in list order."""

    phrases: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    # What must appear in the (lower-cased, unless an acronym) text for a phrase to match at
    # all: a plain substring test rules most phrases out before any regular expression runs.
    needles: tuple[tuple[str, bool], ...]

    @classmethod
    def build(cls, phrases: Iterable[str]) -> Matcher:
        kept = tuple(p for p in phrases if p.strip().rstrip("*").strip())
        # Acronyms written in capitals (ER, ED, RN, PSA) match only in capitals.
        patterns = tuple(
            re.compile(_phrase_pattern(p), 0 if _is_acronym(p) else re.IGNORECASE) for p in kept
        )
        needles = tuple(
            (p.rstrip("*").split()[0], True)
            if _is_acronym(p)
            else (p.rstrip("*").split()[0].lower(), False)
            for p in kept
        )
        return cls(kept, patterns, needles)

    def matches(self, text: str, lowered: str | None = None) -> list[str]:
        lowered = text.lower() if lowered is None else lowered
        return [
            phrase
            for phrase, pattern, (needle, exact) in zip(
                self.phrases, self.patterns, self.needles, strict=True
            )
            if (needle in text if exact else needle in lowered) and pattern.search(text)
        ]


def _is_acronym(phrase: str) -> bool:
    core = phrase.rstrip("*").strip()
    return 1 < len(core) <= 4 and core.isupper() and core.isalpha()


@dataclass(frozen=True)
class DepartmentTag:
    department_id: int
    matched: tuple[str, ...]


def departments_for(
    text: str, matchers: Mapping[int, Matcher], *, minimum: int = 1
) -> list[DepartmentTag]:
    """The departments whose lists match the text, most matches first."""
    tags = []
    lowered = text.lower()
    for department_id, matcher in matchers.items():
        found = matcher.matches(text, lowered)
        if len(found) >= minimum:
            tags.append(DepartmentTag(department_id, tuple(found)))
    return sorted(tags, key=lambda t: (-len(t.matched), t.department_id))


TOPIC_MATCHERS = {key: Matcher.build(phrases) for key, phrases in TOPIC_PHRASES.items()}


def topics_for(text: str, *, has_research_link: bool = False) -> list[str]:
    """The general topics of a text, in TOPIC_PHRASES order."""
    lowered = text.lower()
    found = [key for key, matcher in TOPIC_MATCHERS.items() if matcher.matches(text, lowered)]
    if has_research_link and "research" not in found:
        found.insert(0, "research")
    return found


def topic_labels(keys: Sequence[str]) -> list[str]:
    return [TOPIC_LABELS.get(key, key) for key in keys]
