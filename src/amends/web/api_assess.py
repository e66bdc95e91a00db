"""Screens over the JSON API: list, take (HARK, WHO-5, PHQ, GAD, Rosenberg), history.

Shapes follow `amends assess list|take|history --json` (docs/json.md). Taking HARK here is what
Start and Decide ask first in the browser: a positive answer closes reconnection for good and
the answer carries the safety pathway's help lines ("pathway": true, "resources").
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from amends.web.deps import NowDep, SettingsDep

router = APIRouter(prefix="/api", tags=["api"])
JSONObject = dict[str, Any]
InstrumentId = Annotated[str, Path(max_length=20, description="hark, who5, phq2, phq9, ...")]


class AssessmentBody(BaseModel):
    answers: list[int] = Field(max_length=50, description="Option values, in item order.")
    country: Annotated[str, Field(max_length=10)] | None = Field(
        None, description="Two letters, for help lines; default AMENDS_COUNTRY."
    )


@router.get("/assessments", summary="The screens amends ships (as `amends assess list --json`)")
def assessments() -> JSONObject:
    from amends.catalogue.instruments import load_instruments

    return {"instruments": [_about(i) for i in load_instruments()]}


@router.get("/assessments/history", summary="Past results, oldest first (`amends assess history`)")
def history(
    settings: SettingsDep, instrument: Annotated[str | None, Query(max_length=20)] = None
) -> list[JSONObject]:
    from amends.services.safety import assessment_history

    return [
        {"instrument": t.instrument, "at": t.at.isoformat(), "score": t.score, "band": t.band,
         "positive": t.positive}
        for t in assessment_history(settings, instrument or None)
    ]  # fmt: skip


@router.get("/assessments/{instrument_id}", summary="One screen: its questions and answers")
def instrument(instrument_id: InstrumentId) -> JSONObject:
    from amends.catalogue.instruments import load_instrument

    found = load_instrument(instrument_id)
    return {
        **_about(found),
        "stem": found.stem,
        "items": [{"id": item.id, "text": item.text} for item in found.items],
        "options": [{"label": o.label, "value": o.value} for o in found.options],
    }


@router.post("/assessments/{instrument_id}", summary="Take a screen (as `amends assess take`)")
def take(
    instrument_id: InstrumentId, body: AssessmentBody, settings: SettingsDep, now: NowDep
) -> JSONObject:
    """Scored and stored; a PHQ-9 item 9 above 0 also flags a crisis ("crisis": true) and a
    positive HARK closes reconnection ("pathway": true); both carry the help lines."""
    from amends.services.safety import country_code, help_now, outcome_as_json, take_assessment

    country = country_code(body.country) if body.country else None  # checked before storing
    outcome = take_assessment(settings, now, instrument_id, body.answers)
    found = help_now(settings, country) if outcome.crisis or outcome.pathway else None
    return outcome_as_json(outcome, found)


def _about(found: Any) -> JSONObject:
    return {
        "id": found.id,
        "name": found.name,
        "questions": len(found.items),
        "about": found.about,
        "citation": found.citation,
        "licence": found.licence,
    }
