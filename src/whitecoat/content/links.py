"""Link expansion and classification: what a post links to, in plain Python (no Django).

`classify(url, ...)` takes one link as posted and returns a `Link`:

- **expanded**: a shortener (bit.ly, t.co, lnkd.in, …) is resolved only through the
  `redirects` mapping the caller passes (recorded redirects kept in the database, or one
  HEAD request made elsewhere when an operator enables it); tracking parameters (utm_*,
  fbclid, gclid, …) are stripped, the host is lower-cased.
- **kind**: `research` (a DOI, PubMed/PMC ID, a preprint server or a journal's site),
  `video`, `institution` (one of the institution's own domains), `news`, `shortened` (a
  shortener nobody resolved) or `web`.
- **source** says which rule decided and **identifier** keeps the DOI ("10.1056/…"),
  the PubMed ID ("PMID 12345678"), the PMC ID ("PMC1234567") or the arXiv ID.

`find_urls` and `find_identifiers` read links and bare identifiers out of a post's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from urllib.parse import SplitResult, parse_qsl, unquote, urlencode, urlsplit, urlunsplit

RESEARCH = "research"
VIDEO = "video"
INSTITUTION = "institution"
NEWS = "news"
SHORTENED = "shortened"
WEB = "web"
KINDS = (RESEARCH, VIDEO, INSTITUTION, NEWS, SHORTENED, WEB)
KIND_LABELS = {
    RESEARCH: "Research publication",
    VIDEO: "Video",
    INSTITUTION: "Institution page",
    NEWS: "News coverage",
    SHORTENED: "Short link (not resolved)",
    WEB: "Web page",
}

# Query parameters that only say where a click came from; never part of what is linked.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
        "twclid", "ttclid", "li_fat_id", "igshid", "igsh", "mc_cid", "mc_eid", "mkt_tok",
        "_hsenc", "_hsmi", "hsctatracking", "vero_id", "oly_anon_id", "oly_enc_id",
        "rb_clickid", "s_cid", "cmpid", "ncid", "spm", "ref_src", "ref_url", "trk",
        "trkcampaign", "sr_share", "share_id", "si", "feature", "src", "cid", "at_medium",
        "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4", "smid",
        "smtyp", "ocid", "wt.mc_id", "_ga", "_gl", "sh", "mibextid", "rdt", "campaign_id",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hmb_", "__s")
# Parameters that are only tracking on some hosts (YouTube's `si`, `feature` and `t` are
# safe to drop everywhere but `v` and `list` are the video itself).
KEEP_ALWAYS = frozenset({"v", "list", "id", "p", "abstract_id", "doi", "article", "pmid"})

SHORTENERS = frozenset(
    {
        "bit.ly", "bitly.com", "j.mp", "t.co", "tinyurl.com", "ow.ly", "buff.ly", "goo.gl",
        "lnkd.in", "dlvr.it", "trib.al", "fb.me", "is.gd", "v.gd", "rebrand.ly",
        "shorturl.at", "tiny.cc", "cutt.ly", "s.id", "wp.me", "t.ly", "bl.ink", "rb.gy",
        "ift.tt", "hubs.ly", "hubs.li", "mailchi.mp", "spr.ly", "snip.ly", "apple.co",
        "amzn.to", "nyti.ms", "wapo.st", "cnn.it", "bbc.in", "reut.rs", "n.pr", "nej.md",
        "ja.ma", "go.nature.com",
    }
)  # fmt: skip
# Shorteners whose target is always a video, so they classify without expanding.
VIDEO_SHORTENERS = frozenset({"vm.tiktok.com", "vt.tiktok.com", "fb.watch", "youtu.be"})

DOI_HOSTS = frozenset({"doi.org", "dx.doi.org"})
PREPRINT_HOSTS = frozenset(
    {
        "biorxiv.org", "medrxiv.org", "arxiv.org", "researchsquare.com", "ssrn.com",
        "papers.ssrn.com", "chemrxiv.org", "preprints.org", "psyarxiv.com", "osf.io",
        "authorea.com", "qeios.com", "sciety.org", "preprints.jmir.org",
    }
)  # fmt: skip
JOURNAL_HOSTS = frozenset(
    {
        "nejm.org", "thelancet.com", "jamanetwork.com", "bmj.com", "nature.com",
        "science.org", "sciencemag.org", "cell.com", "sciencedirect.com", "springer.com",
        "wiley.com", "academic.oup.com", "ahajournals.org", "jacc.org", "onlinejacc.org",
        "plos.org", "frontiersin.org", "mdpi.com", "tandfonline.com", "sagepub.com",
        "karger.com", "thieme-connect.com", "thieme-connect.de", "acpjournals.org",
        "annals.org", "healthaffairs.org", "ascopubs.org", "aacrjournals.org",
        "atsjournals.org", "gastrojournal.org", "neurology.org", "publications.aap.org",
        "pediatrics.aappublications.org", "elifesciences.org", "biomedcentral.com",
        "cochranelibrary.com", "jci.org", "pnas.org", "rupress.org", "embopress.org",
        "lww.com", "journals.lww.com", "jamanetworkopen.com", "jmir.org", "cmaj.ca",
        "mja.com.au", "ajronline.org", "rsna.org", "pubs.rsna.org", "diabetesjournals.org",
        "ashpublications.org", "heart.bmj.com", "annfammed.org", "jnm.snmjournals.org",
        "jneurosci.org", "physiology.org", "endocrine.org", "aafp.org", "acog.org",
        "ajog.org", "jaad.org", "ophthalmology.org", "aaojournal.org", "auajournals.org",
        "kidney-international.org", "jasn.asnjournals.org", "europepmc.org",
        "semanticscholar.org", "researchgate.net", "scholar.google.com",
    }
)  # fmt: skip
VIDEO_HOSTS = frozenset(
    {
        "youtube.com", "youtu.be", "youtube-nocookie.com", "tiktok.com", "vimeo.com",
        "player.vimeo.com", "fb.watch", "dailymotion.com", "dai.ly", "ted.com",
        "loom.com", "wistia.com", "twitch.tv", "rumble.com", "streamable.com",
    }
)  # fmt: skip
NEWS_HOSTS = frozenset(
    {
        "nytimes.com", "washingtonpost.com", "wsj.com", "cnn.com", "bbc.com", "bbc.co.uk",
        "npr.org", "reuters.com", "apnews.com", "statnews.com", "theguardian.com",
        "usatoday.com", "nbcnews.com", "abcnews.go.com", "cbsnews.com", "foxnews.com",
        "latimes.com", "bostonglobe.com", "chicagotribune.com", "time.com", "forbes.com",
        "axios.com", "politico.com", "medpagetoday.com", "fiercehealthcare.com",
        "healthday.com", "kffhealthnews.org", "khn.org", "modernhealthcare.com",
        "beckershospitalreview.com", "medscape.com", "healio.com", "theatlantic.com",
        "vox.com", "bloomberg.com", "cnbc.com", "huffpost.com", "newsweek.com",
        "thehill.com", "pbs.org", "nature.com/articles/d41586", "sciencenews.org",
        "scientificamerican.com", "newscientist.com", "medicalxpress.com",
        "sciencedaily.com", "eurekalert.org", "aamc.org/news", "ama-assn.org/news",
        "healthline.com", "everydayhealth.com", "webmd.com", "today.com", "people.com",
        "nypost.com", "nydailynews.com", "miamiherald.com", "sfchronicle.com",
        "seattletimes.com", "dallasnews.com", "ajc.com", "startribune.com", "inquirer.com",
        "freep.com", "detroitnews.com", "mlive.com", "cbc.ca", "globalnews.ca",
        "theglobeandmail.com", "abc.net.au", "smh.com.au", "independent.co.uk",
        "telegraph.co.uk", "ft.com", "economist.com", "aljazeera.com", "yahoo.com/news",
        "news.yahoo.com", "msn.com", "fortune.com", "businessinsider.com", "wired.com",
        "theverge.com", "patch.com", "local10.com", "wcvb.com",
    }
)  # fmt: skip

DOI_PATTERN = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
DOI_PREFIXED = re.compile(r"\bdoi:\s*(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
PMID_PATTERN = re.compile(r"\bPMID:?\s*(\d{1,9})\b", re.IGNORECASE)
PMCID_PATTERN = re.compile(r"\b(PMC\d{3,9})\b", re.IGNORECASE)
URL_PATTERN = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
BARE_SHORT_PATTERN = re.compile(
    r"(?<![\w./@-])((?:bit\.ly|t\.co|lnkd\.in|buff\.ly|ow\.ly|tinyurl\.com|youtu\.be|doi\.org)"
    r"/[^\s<>\"'`]+)",
    re.IGNORECASE,
)
PREPRINT_VERSION = re.compile(r"v\d+$")
ARXIV_ID = re.compile(r"^/(?:abs|pdf|html)/([a-z\-.]*/?\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+/\d{7})")
NATURE_ARTICLE = re.compile(r"^/articles/(s\d{5}-\d{3}-\d{4,5}-[\dxX]|[a-z]+\d{4,}(?![\w-]))")
PUBMED_PATH = re.compile(r"^/(?:pubmed/)?(\d{1,9})/?$")
PMC_PATH = re.compile(r"/(PMC\d{3,9})/?", re.IGNORECASE)
TRAILING = ".,;:!?'\"”’»)]}…"
HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.", "www2.")


@dataclass(frozen=True)
class Link:
    """One link of a post, expanded (as far as we know) and classified."""

    url: str
    expanded: str
    kind: str
    source: str
    identifier: str = ""
    host: str = ""
    resolved: bool = True
    title: str = ""
    journal: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def is_research(self) -> bool:
        return self.kind == RESEARCH

    @property
    def doi(self) -> str:
        return self.identifier if self.identifier.startswith("10.") else ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Link:
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in names})  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- reading


def _trim(candidate: str) -> str:
    """Drop trailing punctuation, keeping a closing bracket that closes one inside the URL
    (DOIs such as 10.1016/S0140-6736(20)30183-5 end in one)."""
    while candidate and candidate[-1] in TRAILING:
        last = candidate[-1]
        if last == ")" and candidate.count("(") >= candidate.count(")"):
            break
        if last == "]" and candidate.count("[") >= candidate.count("]"):
            break
        candidate = candidate[:-1]
    return candidate


def find_urls(text: str) -> list[str]:
    """The links written in a text, in order, without duplicates; bare "bit.ly/…" style
    short links and "doi.org/…" get https:// added."""
    found: list[str] = []
    for match in URL_PATTERN.finditer(text or ""):
        url = _trim(match.group(0))
        if url and url not in found:
            found.append(url)
    for match in BARE_SHORT_PATTERN.finditer(text or ""):
        url = "https://" + _trim(match.group(1))
        if url not in found and not any(url[8:] in other for other in found):
            found.append(url)
    return found


def normalise_doi(doi: str) -> str:
    """A DOI as stored and compared: unquoted, lower-case, without trailing punctuation."""
    doi = unquote(doi).strip()
    doi = _trim(doi)
    for suffix in (".full.pdf", ".full", ".abstract", ".pdf", "/full", "/abstract", "/pdf"):
        if doi.lower().endswith(suffix):
            doi = doi[: -len(suffix)]
    return doi.lower()


def find_identifiers(text: str) -> list[tuple[str, str]]:
    """Identifiers written without a link: ("doi", "10.…"), ("pmid", "123"), ("pmcid", "PMC1")."""
    found: list[tuple[str, str]] = []
    without_urls = URL_PATTERN.sub(" ", text or "")
    for match in DOI_PREFIXED.finditer(without_urls):
        found.append(("doi", normalise_doi(match.group(1))))
    for match in DOI_PATTERN.finditer(without_urls):
        item = ("doi", normalise_doi(match.group(1)))
        if item not in found:
            found.append(item)
    for match in PMID_PATTERN.finditer(without_urls):
        found.append(("pmid", match.group(1)))
    for match in PMCID_PATTERN.finditer(without_urls):
        item = ("pmcid", match.group(1).upper())
        if item not in found:
            found.append(item)
    return found


# ---------------------------------------------------------------------------- hosts


def bare_host(host: str) -> str:
    host = (host or "").lower().rstrip(".")
    if ":" in host:
        host = host.split(":", 1)[0]
    for prefix in HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    return host


def host_in(host: str, domains: Iterable[str], path: str = "") -> bool:
    """Whether `host` is one of `domains` or a subdomain of one. A domain written with a
    path ("nature.com/articles/d41586") matches only under that path."""
    for domain in domains:
        domain = domain.lower().strip()
        if not domain:
            continue
        name, _, prefix = domain.partition("/")
        if (host == name or host.endswith("." + name)) and (
            not prefix or path.lower().startswith("/" + prefix)
        ):
            return True
    return False


def _split(url: str) -> SplitResult | None:
    """The URL's parts, or None when it cannot be parsed ("https://[link]" in a draft)."""
    try:
        parts = urlsplit(url)
        parts.hostname  # noqa: B018 (checks a bracketed host)
    except ValueError:
        return None
    return parts


def _port(parts: SplitResult) -> int | None:
    try:
        return parts.port
    except ValueError:
        return None


def strip_tracking(url: str) -> str:
    """The URL without tracking parameters, with a lower-case scheme and host and no
    default port; everything else (path, meaningful parameters) is kept as it was."""
    parts = _split(url.strip())
    if parts is None:
        return url.strip()
    scheme = (parts.scheme or "https").lower()
    netloc = parts.netloc.lower()
    port = _port(parts)
    if (scheme, port) in {("https", 443), ("http", 80)} and netloc.endswith(f":{port}"):
        netloc = netloc.rsplit(":", 1)[0]
    kept = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name.lower() in KEEP_ALWAYS
        or (name.lower() not in TRACKING_PARAMS and not name.lower().startswith(TRACKING_PREFIXES))
    ]
    fragment = "" if parts.fragment.startswith((":~:", "utm_")) else parts.fragment
    # Stripped again: dropping an empty query or fragment can leave a space at the end.
    return urlunsplit((scheme, netloc, parts.path, urlencode(kept, doseq=True), fragment)).strip()


# --------------------------------------------------------------------------- deciding


def _research(host: str, path: str, query: str) -> tuple[str, str] | None:
    """(source, identifier) when the link is a research publication, else None."""
    if host in DOI_HOSTS:
        doi = path.lstrip("/")
        if doi.lower().startswith("10."):
            return "doi", normalise_doi(doi)
        return None
    if host == "pubmed.ncbi.nlm.nih.gov" or (host == "ncbi.nlm.nih.gov" and "/pubmed" in path):
        match = PUBMED_PATH.match(path)
        if match:
            return "pubmed", f"PMID {match.group(1)}"
        return "pubmed", ""
    if host in {"pmc.ncbi.nlm.nih.gov", "ncbi.nlm.nih.gov"} or host == "europepmc.org":
        pmc = PMC_PATH.search(path)
        if pmc:
            return "pmc", pmc.group(1).upper()
        med = re.search(r"/(?:article|abstract)/MED/(\d+)", path, re.IGNORECASE)
        if med:
            return "pubmed", f"PMID {med.group(1)}"
        if host != "ncbi.nlm.nih.gov":
            return "journal", ""
        return None
    if host_in(host, PREPRINT_HOSTS):
        if host.endswith("arxiv.org"):
            match = ARXIV_ID.match(path)
            return "preprint", f"arXiv:{PREPRINT_VERSION.sub('', match.group(1))}" if match else ""
        doi = DOI_PATTERN.search(unquote(path))
        if doi:
            return "preprint", PREPRINT_VERSION.sub("", normalise_doi(doi.group(1)))
        return "preprint", ""
    doi = DOI_PATTERN.search(unquote(path)) or DOI_PATTERN.search(unquote(query))
    if doi:
        return ("journal" if host_in(host, JOURNAL_HOSTS) else "doi"), normalise_doi(doi.group(1))
    if host_in(host, JOURNAL_HOSTS) and not host_in(host, NEWS_HOSTS, path):
        if host.endswith("nature.com"):
            match = NATURE_ARTICLE.match(path)
            if match:
                return "journal", f"10.1038/{match.group(1).lower()}"
        return "journal", ""
    return None


def _video(host: str, path: str) -> bool:
    if host in VIDEO_SHORTENERS or host_in(host, VIDEO_HOSTS):
        if host.endswith("tiktok.com") and host not in VIDEO_SHORTENERS:
            return "/video/" in path or path.startswith("/t/") or "/live" in path
        return True
    if host_in(host, {"instagram.com"}):
        return path.startswith(("/reel/", "/reels/", "/tv/"))
    if host_in(host, {"facebook.com"}):
        return path.startswith(("/watch", "/reel/")) or "/videos/" in path
    if host_in(host, {"x.com", "twitter.com"}):
        return "/video/" in path
    if host_in(host, {"linkedin.com"}):
        return path.startswith("/video/")
    return False


def classify(
    url: str,
    *,
    institution_domains: Iterable[str] = (),
    redirects: Mapping[str, str] | None = None,
    doi_records: Mapping[str, tuple[str, str]] | None = None,
) -> Link:
    """Classify one link. `redirects` maps short URLs (as `strip_tracking` gives them) to
    where they lead; `doi_records` maps lower-case DOIs to (title, journal)."""
    original = url.strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*://", original, re.IGNORECASE):
        original = "https://" + original
    cleaned = strip_tracking(original)
    parts = _split(cleaned)
    if parts is None:
        return Link(original, cleaned, WEB, "unreadable")
    host = bare_host(parts.hostname or "")
    resolved = True
    if host in SHORTENERS or host_in(host, SHORTENERS, parts.path):
        target = (redirects or {}).get(cleaned) or (redirects or {}).get(original)
        if not target:
            return Link(original, cleaned, SHORTENED, "shortener", "", host, resolved=False)
        cleaned = strip_tracking(target)
        parts = _split(cleaned)
        if parts is None:
            return Link(original, cleaned, WEB, "unreadable")
        host = bare_host(parts.hostname or "")
    path = parts.path or "/"

    research = _research(host, path, parts.query)
    if research is not None:
        source, identifier = research
        title = journal = ""
        if identifier.startswith("10.") and doi_records:
            title, journal = doi_records.get(identifier.lower(), ("", ""))
        return Link(original, cleaned, RESEARCH, source, identifier, host, resolved, title, journal)
    if _video(host, path):
        return Link(original, cleaned, VIDEO, "video", "", host, resolved)
    if host_in(host, institution_domains, path):
        return Link(original, cleaned, INSTITUTION, "institution", "", host, resolved)
    if host_in(host, NEWS_HOSTS, path) or host.startswith("news."):
        return Link(original, cleaned, NEWS, "news", "", host, resolved)
    return Link(original, cleaned, WEB, "web", "", host, resolved)


def identifier_link(kind: str, value: str, *, doi_records: Mapping | None = None) -> Link:
    """A link for an identifier written without one ("doi:10.…", "PMID: 123")."""
    if kind == "doi":
        title, journal = (doi_records or {}).get(value.lower(), ("", ""))
        url = f"https://doi.org/{value}"
        return Link(url, url, RESEARCH, "doi", value, "doi.org", True, title, journal)
    if kind == "pmid":
        url = f"https://pubmed.ncbi.nlm.nih.gov/{value}/"
        return Link(url, url, RESEARCH, "pubmed", f"PMID {value}", "pubmed.ncbi.nlm.nih.gov")
    url = f"https://pmc.ncbi.nlm.nih.gov/articles/{value}/"
    return Link(url, url, RESEARCH, "pmc", value, "pmc.ncbi.nlm.nih.gov")


def links_in_post(
    *,
    text: str,
    links: Iterable[object] = (),
    institution_domains: Iterable[str] = (),
    redirects: Mapping[str, str] | None = None,
    doi_records: Mapping[str, tuple[str, str]] | None = None,
) -> list[Link]:
    """Every link of a post: those the platform listed (strings, or dicts with `url` or
    `expanded_url`), those written in the text, and identifiers written without a link."""
    urls: list[str] = []
    for item in links:
        if isinstance(item, str):
            candidate = item
        elif isinstance(item, Mapping):
            candidate = str(item.get("expanded_url") or item.get("url") or "")
        else:
            continue
        candidate = _trim(candidate.strip())
        if candidate and candidate not in urls:
            urls.append(candidate)
    for url in find_urls(text):
        if url not in urls:
            urls.append(url)
    domains = tuple(institution_domains)
    classified: list[Link] = []
    seen: set[str] = set()
    for url in urls:
        link = classify(
            url, institution_domains=domains, redirects=redirects, doi_records=doi_records
        )
        if link.expanded not in seen:
            seen.add(link.expanded)
            classified.append(link)
    known = {link.identifier.lower() for link in classified if link.identifier}
    for kind, value in find_identifiers(text):
        label = f"PMID {value}" if kind == "pmid" else value
        if label.lower() not in known:
            known.add(label.lower())
            classified.append(identifier_link(kind, value, doi_records=doi_records))
    return classified


def short_urls(links: Iterable[Link]) -> list[str]:
    """The short links nobody resolved yet, as keys for `redirects`."""
    return [link.expanded for link in links if link.kind == SHORTENED]
