"""Word lists: the generated ones in data/ (see data/LICENSES.md) and short hand-kept ones.

Everything is loaded once, at import, into frozensets: screening a post only looks words up.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _load(name: str) -> frozenset[str]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip())


FIRST_NAMES = _load("first_names.txt")
SURNAMES = _load("surnames.txt")
TOWNS = _load("towns.txt")  # may hold multi-word names ("los angeles")
REGIONS = _load("regions.txt")  # countries, US states, continents: not identifiers

# Capitalised words a physician writes that are neither people nor places. Eponyms are here
# because "Crohn" in "Crohn's disease" is not a person in the post.
MEDICAL_WORDS = _words(
    """
    alzheimer asperger behcet brugada chiari crohn cushing duchenne ehlers danlos fallot
    gaucher guillain barré hashimoto hodgkin kawasaki klinefelter gehrig lyme marfan
    meniere munchausen parkinson raynaud sjogren sjögren tourette wilms apgar gleason
    heimlich kaposi korsakoff wernicke kussmaul babinski mcburney trendelenburg valsalva
    virchow bmi covid sars mers ebola zika tylenol advil motrin aleve aspirin lipitor
    crestor eliquis xarelto coumadin ozempic wegovy mounjaro zepbound jardiance farxiga
    metformin humira keytruda opdivo herceptin paxlovid tamiflu narcan epipen plavix
    lasix zoloft prozac lexapro xanax adderall ritalin botox humalog lantus novolog
    januvia trulicity victoza entresto synthroid gardasil pfizer moderna novavax janssen
    astrazeneca medicare medicaid obamacare tricare epic cerner mychart pubmed medline
    cochrane uptodate medscape doximity nejm jama lancet bmj cdc fda nih who ama aafp
    acog acc aha asco ash esc ats chest idsa aap acep sccm sgim acp aan aua hipaa mri ct
    ekg ecg icu nicu picu ed er or pacu ob gyn obgyn ent gi ir em im peds md do np pa rn
    phd mph mba facs facp facc faap frcp mbbs lpn crna dnp pharmd dpt ot pt slp
    medtwitter meded twitter instagram linkedin tiktok youtube facebook threads bluesky
    mastodon reddit substack zoom webex google apple microsoft amazon e-mail email
    website
    """
)

# Titles: what follows is a person. Clinician titles mark a colleague, not a patient.
PERSON_TITLES = _words(
    """
    mr mrs ms miss mx sir madam madame dame lady lord mister monsieur mme mlle herr frau
    señor senor señora senora sr sra srta
    """
)
CLINICIAN_TITLES = _words(
    """
    dr doctor prof professor nurse rev
    """
)
CREDENTIALS = _words(
    """
    md do phd mph mba msc rn np pa pa-c facs facp facc faap frcp mbbs mrcp dnp pharmd
    dpt crna lpn bsn msn dds dmd od dc
    """
)
# Lower-case particles inside names ("Willemine ten Pas", "Chiclana de la Frontera").
NAME_PARTICLES = _words(
    """
    de da del della dei di van von der den ten ter la le du dos das do y bin ibn al el
    st mac
    """
)
# A run of capitalised words that contains one of these is an organisation, a building or
# an eponym, not a person ("Cleveland Clinic", "Mayo Clinic", "Hodgkin Lymphoma").
ORG_WORDS = _words(
    """
    hospital hospitals clinic clinics university college institute center centre health
    healthcare medical medicine foundation society association academy school schools
    inc llc ltd corp corporation company co group lab labs laboratory pharma
    pharmaceuticals therapeutics biosciences journal award awards prize lecture
    lectureship fellowship scholarship syndrome disease disorder sign criteria score
    scale test procedure maneuver hall library museum park stadium airport bank church
    cathedral chapel street avenue road council board committee department dept division
    service services network system systems alliance coalition trust fund project
    program programme initiative summit congress conference symposium meeting forum week
    month day club team teams orchestra band show podcast magazine times post news press
    review gazette tribune herald
    """
)
# Words that census surname lists hold but that, capitalised, are almost never a name.
NOT_NAMES = _words(
    """
    you your he she they we it me him her them us our patient patients doctor doctors
    nurse nurses resident residents baby mom dad mother father sister brother son
    daughter wife husband cool great good nice hi hello hey yes no ok okay thanks thank
    well so now then here there this that these those what who why how when where today
    tomorrow team staff happy best love congrats congratulations please sorry wow
    """
)
MONTHS = _words(
    """
    january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
WEEKDAYS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur
    thurs fri sat sun
    """
)


def _english() -> frozenset[str]:
    words = _load("english.txt") | _load("english_proper.txt")
    return words | MEDICAL_WORDS | MONTHS | WEEKDAYS


ENGLISH = _english()
