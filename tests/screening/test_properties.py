"""Property tests: any text and any context, the engine answers and its offsets hold."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from whitecoat.screening.engine import Context, ContextError, redact, screen

# Text that looks like posts: letters of many scripts, digits, punctuation, line breaks,
# and fragments the detectors key on, so the interesting paths are exercised.
FRAGMENTS = st.sampled_from(
    [
        "Dr. ", "Mrs. ", "my patient ", " bed 4 ", "today", "03/14/1961", "March 3",
        " 617-555-0142 ", "MRN 1234567", " @x ", "#ad", " code DOC ", "Suite 5\n",
        "42 Elm Street", ", MI 48104",
        "Ann Arbor", "Ágnes Földesy", "ΠΑΦΟΣ", "email a@b.co", "http://x.io/a", "\n\n", "’s",
    ]
)  # fmt: skip
POSTS = st.lists(st.one_of(st.text(max_size=40), FRAGMENTS), max_size=12).map("".join)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
CONTEXTS = st.fixed_dictionaries(
    {},
    optional={
        "account": st.sampled_from(["professional", "personal", ""]),
        "bio": st.text(max_size=30),
        "platform": st.text(max_size=10),
        "media": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "caption": st.text(max_size=20),
                    "alt_text": st.text(max_size=20),
                    "file_name": st.text(max_size=20),
                    "exif_datetime": st.text(max_size=20),
                    "exif_gps": st.tuples(st.floats(-90, 90), st.floats(-180, 180)).map(list),
                },
            ),
            max_size=2,
        ),
        "public_phones": st.lists(st.text(max_size=12), max_size=2),
        "allow": st.lists(st.text(max_size=12), max_size=2),
        "paid_partnership_label": st.booleans(),
    },
)


@settings(max_examples=300, deadline=None)
@given(text=POSTS, data=CONTEXTS)
def test_screen_never_raises_and_offsets_slice_the_text(text: str, data: dict[str, object]) -> None:
    result = screen(text, Context.from_dict(data))

    assert result.verdict in {"ok", "tip", "warn", "block"}
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        if finding.is_identifier:
            assert finding.end > finding.start
    json.dumps(result.as_dict())


@settings(max_examples=200, deadline=None)
@given(text=POSTS)
def test_redacted_text_has_no_identifier_left(text: str) -> None:
    findings = screen(text).findings

    redacted = redact(text, findings)

    assert all(
        text[f.start : f.end] not in redacted
        for f in findings
        if f.is_identifier
        and len(text[f.start : f.end].strip()) >= 4
        and text[f.start : f.end] not in text.replace(text[f.start : f.end], "", 1)
    )


KEYS = st.sampled_from(
    ["account", "bio", "platform", "media", "public_phones", "allow", "paid_partnership_label"]
)
MEDIA_KEYS = st.sampled_from(["caption", "alt_text", "file_name", "exif_datetime", "exif_gps"])
WRONG_CONTEXTS = st.one_of(
    JSON,
    st.dictionaries(KEYS, JSON, max_size=4),
    st.dictionaries(
        st.just("media"), st.lists(st.dictionaries(MEDIA_KEYS, JSON, max_size=3), max_size=2)
    ),
)


@settings(max_examples=200, deadline=None)
@given(data=WRONG_CONTEXTS)
def test_context_from_any_json_is_built_or_refused_cleanly(data: object) -> None:
    try:
        context = Context.from_dict(data)  # type: ignore[arg-type]
    except ContextError:
        return
    screen("My patient in bed 4 today", context)
