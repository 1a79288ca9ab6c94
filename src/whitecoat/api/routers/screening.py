# No `from __future__ import annotations` here: ninja reads these signatures at runtime.
"""The compliance coach for one text: POST /screening screens it and stores nothing."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from whitecoat.api.schemas import ConflictOut, ErrorOut, ValidationErrorOut
from whitecoat.core.errors import WhiteCoatError
from whitecoat.screening.engine import Context
from whitecoat.screening.schemas import ScreeningIn, ScreeningOut
from whitecoat.screening.selectors import institution_names, screening_may_check
from whitecoat.screening.services import draft_check
from whitecoat.screening.version import rules_version

router = Router(tags=["screening"])


@router.post(
    "/screening",
    response={
        200: ScreeningOut,
        401: ErrorOut,
        403: ConflictOut,
        409: ConflictOut,
        422: ValidationErrorOut,
    },
    operation_id="screen_text",
)
def screen_text(request: HttpRequest, payload: ScreeningIn) -> dict[str, Any]:
    """Screen one text (a draft or a published post) against the guidelines.

    Returns the verdict (`block`, `warn`, `tip` or `ok`: the worst severity found, praise
    aside) and every finding with its offsets: `text[start:end]` is what it points at,
    counted in Unicode code points (as Python does; JavaScript counts UTF-16 units, so use
    `Array.from(text)` there). Each finding has the rule, a message citing the guideline, a
    suggestion and the automatic fixes, each a splice of the text. Nothing is stored.

    For ambassadors and program admins (403 otherwise); 422 for a malformed body or a text
    over 20,000 characters. 409 is declared as on every write, but this endpoint has no rule
    that refuses.
    """
    if not screening_may_check(user=request.auth):
        raise WhiteCoatError(
            "Only ambassadors and program admins can use the compliance coach.", code="forbidden"
        )
    data = payload.context.dict() if payload.context is not None else {}
    data["allow"] = [*institution_names(), *data.get("allow", [])]
    check = draft_check(text=payload.text, context=Context.from_dict(data))
    return {
        "verdict": check.verdict,
        "rules_version": rules_version(),
        "findings": [
            {
                **item.finding.as_dict(),
                "title": item.rule.title,
                "suggestion": item.finding.suggestion,
                "where": item.finding.where,
                "praise": item.rule.praise,
                "fixes": [
                    {
                        "kind": fix.kind,
                        "label": fix.label,
                        "start": fix.start,
                        "end": fix.end,
                        "replacement": fix.replacement,
                    }
                    for fix in item.fixes
                ],
            }
            for item in check.items
        ],
    }
