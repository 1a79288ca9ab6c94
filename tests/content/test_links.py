"""Link expansion and classification on real-world URL shapes (plain Python, no database)."""

# ruff: noqa: E501 - the tables keep one real-world URL per line, however long.

from __future__ import annotations

import pytest

from whitecoat.content.links import (
    classify,
    find_identifiers,
    find_urls,
    links_in_post,
    strip_tracking,
)

INSTITUTION = ("lakesidehealth.org", "lsom.edu")
REDIRECTS = {
    "https://bit.ly/3abcDEF": "https://www.nejm.org/doi/full/10.1056/NEJMoa2034577?utm_source=twitter",
    "https://t.co/xyz123": "https://www.lakesidehealth.org/news/stroke-center",
    "https://lnkd.in/eAbC": "https://www.statnews.com/2024/01/02/heart-failure/",
}
DOI_RECORDS = {"10.1056/nejmoa2034577": ("Safety and Efficacy of a Vaccine", "NEJM")}

# (url as posted, kind, source, identifier)
URL_SHAPES = [
    # DOIs, on both resolvers, in upper and lower case, percent-encoded, with a PII bracket
    ("https://doi.org/10.1056/NEJMoa2034577", "research", "doi", "10.1056/nejmoa2034577"),
    ("http://dx.doi.org/10.1016/S0140-6736(20)30183-5", "research", "doi", "10.1016/s0140-6736(20)30183-5"),
    ("https://doi.org/10.1001%2Fjama.2020.1585", "research", "doi", "10.1001/jama.2020.1585"),
    ("https://DOI.ORG/10.1161/CIRCULATIONAHA.120.047430", "research", "doi", "10.1161/circulationaha.120.047430"),
    # PubMed and PMC, old and new addresses, Europe PMC
    ("https://pubmed.ncbi.nlm.nih.gov/32109013/", "research", "pubmed", "PMID 32109013"),
    ("https://www.ncbi.nlm.nih.gov/pubmed/32109013", "research", "pubmed", "PMID 32109013"),
    ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7092803/", "research", "pmc", "PMC7092803"),
    ("https://pmc.ncbi.nlm.nih.gov/articles/PMC7092803/", "research", "pmc", "PMC7092803"),
    ("https://europepmc.org/article/MED/32109013", "research", "pubmed", "PMID 32109013"),
    # Preprint servers: the DOI without the version
    ("https://www.biorxiv.org/content/10.1101/2020.03.01.972299v1.full", "research", "preprint", "10.1101/2020.03.01.972299"),
    ("https://www.medrxiv.org/content/10.1101/2020.02.14.20023127v2", "research", "preprint", "10.1101/2020.02.14.20023127"),
    ("https://arxiv.org/abs/2101.00001v3", "research", "preprint", "arXiv:2101.00001"),
    ("https://www.researchsquare.com/article/rs-12345/v1", "research", "preprint", ""),
    # Journal sites, with the DOI in the path or derived from the article id
    ("https://www.nejm.org/doi/full/10.1056/NEJMoa2034577", "research", "journal", "10.1056/nejmoa2034577"),
    ("https://www.ahajournals.org/doi/10.1161/CIR.0000000000001063", "research", "journal", "10.1161/cir.0000000000001063"),
    ("https://jamanetwork.com/journals/jama/fullarticle/2762130", "research", "journal", ""),
    ("https://www.thelancet.com/journals/lancet/article/PIIS0140-6736(20)30183-5/fulltext", "research", "journal", ""),
    ("https://www.nature.com/articles/s41586-020-2012-7", "research", "journal", "10.1038/s41586-020-2012-7"),
    ("https://link.springer.com/article/10.1007/s00392-020-01626-9", "research", "journal", "10.1007/s00392-020-01626-9"),
    # Nature's news is news, not a paper
    ("https://www.nature.com/articles/d41586-024-00001-1", "news", "news", ""),
    # Videos
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&si=abc&feature=share", "video", "video", ""),
    ("https://youtu.be/dQw4w9WgXcQ?si=xyz", "video", "video", ""),
    ("https://m.youtube.com/shorts/abc123", "video", "video", ""),
    ("https://www.tiktok.com/@drjane/video/7212345678901234567", "video", "video", ""),
    ("https://vm.tiktok.com/ZMabc123/", "video", "video", ""),
    ("https://vimeo.com/123456789", "video", "video", ""),
    ("https://www.instagram.com/reel/Cabc123/", "video", "video", ""),
    # Institution pages (and subdomains)
    ("https://www.lakesidehealth.org/news/2024/new-stroke-center", "institution", "institution", ""),
    ("https://research.lsom.edu/labs/cardiac-imaging", "institution", "institution", ""),
    # News coverage
    ("https://www.nytimes.com/2024/01/02/health/heart-failure.html", "news", "news", ""),
    ("https://www.statnews.com/2024/01/02/heart-failure/", "news", "news", ""),
    ("https://news.yahoo.com/doctors-say-123.html", "news", "news", ""),
    # Shorteners: unresolved unless a redirect was recorded
    ("https://bit.ly/unknown1", "shortened", "shortener", ""),
    ("https://lnkd.in/unknown", "shortened", "shortener", ""),
    ("https://t.co/unknown", "shortened", "shortener", ""),
    ("https://bit.ly/3abcDEF", "research", "journal", "10.1056/nejmoa2034577"),
    ("https://t.co/xyz123", "institution", "institution", ""),
    ("https://lnkd.in/eAbC", "news", "news", ""),
    # Anything else
    ("https://example.com/blog/post", "web", "web", ""),
    ("https://www.instagram.com/p/Cabc123/", "web", "web", ""),
]  # fmt: skip


@pytest.mark.parametrize("url,kind,source,identifier", URL_SHAPES)
def test_classify_url_shapes(url, kind, source, identifier):
    link = classify(url, institution_domains=INSTITUTION, redirects=REDIRECTS)

    assert (link.kind, link.source, link.identifier) == (kind, source, identifier)


TRACKING = [
    (
        "https://www.nejm.org/doi/full/10.1056/NEJMoa2034577?utm_source=twitter&utm_medium=social&utm_campaign=x",
        "https://www.nejm.org/doi/full/10.1056/NEJMoa2034577",
    ),
    ("https://www.youtube.com/watch?v=abc&si=XYZ&feature=share", "https://www.youtube.com/watch?v=abc"),
    ("https://example.com/a?fbclid=IwAR0&gclid=123&id=7", "https://example.com/a?id=7"),
    ("https://example.com/a?mc_cid=1&mc_eid=2&_hsenc=3&igshid=4", "https://example.com/a"),
    ("HTTPS://Example.COM:443/Path?x=1", "https://example.com/Path?x=1"),
    ("https://example.com/a#:~:text=heart", "https://example.com/a"),
    ("https://papers.ssrn.com/sol3/papers.cfm?abstract_id=123&utm_source=x", "https://papers.ssrn.com/sol3/papers.cfm?abstract_id=123"),
]  # fmt: skip


@pytest.mark.parametrize("url,expected", TRACKING)
def test_strip_tracking_keeps_only_what_is_linked(url, expected):
    assert strip_tracking(url) == expected


def test_classify_expands_a_recorded_short_link_and_strips_its_tracking():
    link = classify("https://bit.ly/3abcDEF", redirects=REDIRECTS, doi_records=DOI_RECORDS)

    assert link.expanded == "https://www.nejm.org/doi/full/10.1056/NEJMoa2034577"
    assert (link.resolved, link.title, link.journal) == (
        True,
        "Safety and Efficacy of a Vaccine",
        "NEJM",
    )


def test_classify_keeps_the_doi_without_a_local_record():
    link = classify("https://doi.org/10.1056/NEJMoa2034577", doi_records={})

    assert (link.doi, link.title) == ("10.1056/nejmoa2034577", "")


def test_classify_leaves_an_unknown_short_link_unresolved():
    link = classify("https://bit.ly/nobody-knows")

    assert (link.kind, link.resolved, link.expanded) == (
        "shortened",
        False,
        "https://bit.ly/nobody-knows",
    )


def test_find_urls_trims_punctuation_but_keeps_a_doi_bracket():
    text = (
        "Read it (https://doi.org/10.1016/S0140-6736(20)30183-5). "
        "Also https://example.com/a, and bit.ly/3abcDEF!"
    )

    assert find_urls(text) == [
        "https://doi.org/10.1016/S0140-6736(20)30183-5",
        "https://example.com/a",
        "https://bit.ly/3abcDEF",
    ]


def test_find_identifiers_reads_dois_and_pubmed_ids_written_without_links():
    text = "See doi:10.1056/NEJMoa2034577 and PMID: 32109013 (PMC7092803)."

    assert find_identifiers(text) == [
        ("doi", "10.1056/nejmoa2034577"),
        ("pmid", "32109013"),
        ("pmcid", "PMC7092803"),
    ]


def test_links_in_post_merges_platform_links_text_and_identifiers_without_repeats():
    links = links_in_post(
        text="Our paper https://doi.org/10.1056/NEJMoa2034577 (doi:10.1056/NEJMoa2034577), PMID 123",
        links=[{"expanded_url": "https://doi.org/10.1056/NEJMoa2034577?utm_source=x"}],
    )

    assert [(link.kind, link.identifier) for link in links] == [
        ("research", "10.1056/nejmoa2034577"),
        ("research", "PMID 123"),
    ]
