"""Property tests of link classification: any text is read without an exception, tracking
parameters and the host's case never change what a link is, and a DOI is one DOI however
it is written."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from hypothesis import example, given, settings
from hypothesis import strategies as st

from whitecoat.content.links import (
    DOI_HOSTS,
    JOURNAL_HOSTS,
    KEEP_ALWAYS,
    KINDS,
    NEWS_HOSTS,
    PREPRINT_HOSTS,
    SHORTENERS,
    TRACKING_PARAMS,
    TRACKING_PREFIXES,
    VIDEO_HOSTS,
    classify,
    find_identifiers,
    find_urls,
    links_in_post,
    normalise_doi,
    strip_tracking,
)

# Text that looks like posts with links in them: free text mixed with the pieces URLs are
# made of, so the parsers' corners (brackets, ports, escapes, bare short links) are reached.
PIECES = st.sampled_from(
    [
        "http://", "https://", "HTTPS://", "www.", "doi.org/", "dx.doi.org/", "bit.ly/",
        "t.co/", "youtu.be/", "10.1056/", "10.1016/S0140-6736(20)", "doi:", "PMID: ",
        "PMC12345", "/abs/2101.00001v2", "[", "]", "(", ")", ":", ":443", ":80", "@", "?",
        "&", "=", "#", "%", "%2F", "%zz", "utm_source=x", "fbclid=1", "v=abc", ".", ",", " ",
        "\n", "\u3002", "xn--", "pubmed.ncbi.nlm.nih.gov/", "nejm.org/doi/full/",
    ]
)  # fmt: skip
TEXT = st.lists(st.one_of(st.text(max_size=12), PIECES), max_size=14).map("".join)
LINK_ITEMS = st.lists(
    st.one_of(
        TEXT,
        st.fixed_dictionaries({}, optional={"url": TEXT, "expanded_url": TEXT}),
        st.none(),
        st.integers(),
    ),
    max_size=3,
)


@settings(max_examples=400, deadline=None)
@given(text=TEXT, items=LINK_ITEMS, domains=st.lists(TEXT, max_size=2))
@example(text="Read it at https://[insert link] today", items=[], domains=[])
@example(text="https://a.org:443:443/x", items=["http://[::1"], domains=[])
def test_link_readers_never_raise_on_any_text(text, items, domains):
    urls = find_urls(text)
    identifiers = find_identifiers(text)
    links = links_in_post(text=text, links=items, institution_domains=domains)

    assert all(url.lower().startswith(("http://", "https://")) for url in urls)
    assert all(kind in {"doi", "pmid", "pmcid"} for kind, _ in identifiers)
    assert all(link.kind in KINDS for link in links)
    assert len({link.expanded for link in links if not link.identifier}) == len(
        [link for link in links if not link.identifier]
    )
    for url in [text, *urls]:
        assert classify(url, institution_domains=domains).kind in KINDS


@settings(max_examples=400, deadline=None)
@given(url=TEXT)
@example(url="https://a.org:443:443/x")
@example(url="https://a.org/ \x85#")
def test_strip_tracking_is_idempotent(url):
    once = strip_tracking(url)

    assert strip_tracking(once) == once


def _is_kept(name: str) -> bool:
    name = name.lower()
    return name in KEEP_ALWAYS or (
        name not in TRACKING_PARAMS and not name.startswith(TRACKING_PREFIXES)
    )


def _parameters(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


NAMES = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8)
PARAMETERS = st.lists(
    st.tuples(
        st.one_of(NAMES, st.sampled_from(["v", "list", "id", "doi", "page", "q", "t"])),
        st.text(max_size=8),
    ),
    max_size=5,
)
TRACKERS = st.lists(
    st.tuples(
        st.one_of(
            st.sampled_from(sorted(TRACKING_PARAMS)),
            st.sampled_from(["utm_source", "UTM_Medium", "utm_campaign", "pk_kwd", "mtm_cid"]),
        ),
        st.text(st.characters(codec="ascii", categories=("L", "N")), max_size=6),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(
    host=st.sampled_from(["example.org", "www.nejm.org", "youtube.com", "a.b.example:8080"]),
    path=st.sampled_from(["/", "/watch", "/doi/10.1056/x", "/a/b", ""]),
    kept=PARAMETERS,
    trackers=TRACKERS,
    fragment=st.sampled_from(["", "#top", "#:~:text=x"]),
)
def test_strip_tracking_removes_only_tracking_parameters(host, path, kept, trackers, fragment):
    url = f"https://{host}{path}?{urlencode(kept + trackers)}{fragment}"

    stripped = strip_tracking(url)

    assert _parameters(stripped) == [(n, v) for n, v in _parameters(url) if _is_kept(n)]
    assert all(_is_kept(name) for name, _ in _parameters(stripped))


# ------------------------------------------------------------------------------- DOIs


def _balanced(text: str) -> bool:
    """Real DOIs close what they open ("S0140-6736(20)30183-5"); "(doi.org/10.1/a(b)" is
    ambiguous, so the generated ones do too."""
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


DOI_SUFFIX = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_;()/:"),
    min_size=1,
    max_size=24,
).filter(lambda s: s[0].isalnum() and s[-1].isalnum() and _balanced(s))
DOIS = st.builds(
    lambda registrant, suffix: f"10.{registrant}/{suffix}",
    st.integers(1000, 999_999_999).map(str),
    DOI_SUFFIX,
)


def _spellings(doi: str) -> list[str]:
    upper = doi.upper()
    return [
        f"https://doi.org/{doi}",
        f"https://DOI.ORG/{upper}",
        f"http://dx.doi.org/{doi}",
        f"https://doi.org/{doi.replace('/', '%2F', 1)}",
        f"https://doi.org/{doi}?utm_source=twitter&fbclid=abc",
        f"https://www.nejm.org/doi/full/{doi}",
        f"doi:{doi}",
        f"DOI: {upper}",
        f"Read {doi}.",
        f"(https://doi.org/{doi})",
    ]


@settings(max_examples=300, deadline=None)
@given(doi=DOIS)
@example(doi="10.1016/S0140-6736(20)30183-5")
@example(doi="10.1001/jama.2020.1585")
def test_a_doi_reads_the_same_in_any_of_its_spellings(doi):
    expected = normalise_doi(doi)

    found = {
        spelling: [link.identifier for link in links_in_post(text=spelling)]
        for spelling in _spellings(doi)
    }

    assert found == {spelling: [expected] for spelling in _spellings(doi)}


# --------------------------------------------------------------------- classification

HOSTS = st.one_of(
    st.sampled_from(
        sorted(
            {h.partition("/")[0] for h in JOURNAL_HOSTS | NEWS_HOSTS | VIDEO_HOSTS}
            | DOI_HOSTS
            | PREPRINT_HOSTS
            | SHORTENERS
            | {"pubmed.ncbi.nlm.nih.gov", "ncbi.nlm.nih.gov", "lakesidehealth.org"}
        )
    ),
    st.from_regex(r"[a-z][a-z0-9-]{0,10}\.(org|com|edu|co\.uk)", fullmatch=True),
)
PATHS = st.one_of(
    st.sampled_from(
        [
            "/", "/watch", "/shorts/abcdefghijk", "/10.1056/NEJMoa2034577", "/32109013/",
            "/pmc/articles/PMC7092803/", "/abs/2101.00001v2", "/articles/s41586-020-2012-7",
            "/articles/d41586-024-00001-1", "/@dr/video/123", "/reel/abc/", "/news/x",
            "/content/10.1101/2020.03.01.972299v1.full", "/doi/full/10.1001/jama.2020.1585",
        ]
    ),
    st.from_regex(r"(/[A-Za-z0-9._~-]{0,8}){0,3}", fullmatch=True),
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    host=HOSTS,
    www=st.booleans(),
    path=PATHS,
    kept=st.lists(
        st.tuples(st.sampled_from(["v", "id", "page", "q"]), st.from_regex(r"[a-z0-9]{1,6}")),
        max_size=2,
    ),
    trackers=TRACKERS,
    upper=st.lists(st.booleans(), min_size=1, max_size=40),
    target=st.sampled_from(
        ["https://www.nejm.org/doi/full/10.1056/NEJMoa2034577", "https://lakesidehealth.org/"]
    ),
)
def test_classification_ignores_tracking_parameters_and_the_case_of_the_host(
    host, www, path, kept, trackers, upper, target
):
    plain_host = ("www." if www else "") + host
    shouted = "".join(c.upper() if upper[i % len(upper)] else c for i, c in enumerate(plain_host))
    plain = f"https://{plain_host}{path}" + (f"?{urlencode(kept)}" if kept else "")
    tracked = f"https://{shouted}{path}?{urlencode(kept + trackers)}#utm_source=feed"
    domains = ("lakesidehealth.org",)
    redirects = {strip_tracking(plain): target}

    before = classify(plain, institution_domains=domains, redirects=redirects)
    after = classify(tracked, institution_domains=domains, redirects=redirects)

    assert (after.kind, after.source, after.identifier, after.host, after.expanded) == (
        before.kind,
        before.source,
        before.identifier,
        before.host,
        before.expanded,
    )
