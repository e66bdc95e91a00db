"""The rest of the JSON API: the workbooks, help now, and the user's data as a whole.

Shapes follow the CLI's --json (docs/json.md): reflect and decide as `amends reflect|decide
--json`, export as the file `amends export` writes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Path, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from amends.core.errors import AmendsError
from amends.web.deps import NowDep, SettingsDep

router = APIRouter(prefix="/api", tags=["api"])
JSONObject = dict[str, Any]
Item = Annotated[str, Field(max_length=2_000)]
GoSign = Literal["not_toxic", "real_connection", "both_mistakes", "healthier_version"]
LetGoSign = Literal[
    "abuse", "repeated_cheating", "lost_myself", "no_willingness", "more_anxiety", "loved_the_idea"
]


class ReflectionBody(BaseModel):
    answers: dict[Annotated[str, Field(max_length=100)], Item] = {}
    my_part: list[Item] = []
    their_part: list[Item] = []
    root_causes: list[Annotated[str, Field(max_length=100)]] = []
    changes: list[Item] = []


class DecisionBody(BaseModel):
    choice: Literal["reach_out", "move_on"]
    go_signs: list[GoSign] = []
    letgo_signs: list[LetGoSign] = []
    cycles: Annotated[int, Field(ge=0, le=100)] = 0


class ForgetBody(BaseModel):
    confirm: bool = Field(description="true: delete everything amends stores")


@router.get("/reflection", summary="The reflection workbook and its gate")
def reflection(settings: SettingsDep) -> JSONObject:
    from amends.core.reflection import missing_for_gate
    from amends.services.workbook import current_reflection

    data = dict(current_reflection(settings) or {})
    missing = missing_for_gate(data)
    return {"gate_met": not missing, "missing": missing, "reflection": data}


@router.post("/reflection", summary="Add to the reflection workbook (as `amends reflect`)")
def reflection_add(body: ReflectionBody, settings: SettingsDep, now: NowDep) -> JSONObject:
    from amends.services.workbook import save_reflection

    result = save_reflection(settings, now, body.model_dump())
    return {
        "gate_met": not result.missing,
        "missing": result.missing,
        "reflection": dict(result.data),
        "saved": result.saved,
        "crisis": result.crisis,
    }


@router.post("/decision", summary="Decide: reach out once, or move on (as `amends decide`)")
def decision(body: DecisionBody, settings: SettingsDep, now: NowDep) -> JSONObject:
    from amends.catalogue.workbook import load_decide_texts
    from amends.services.workbook import make_decision
    from amends.web.workbook_pages import explain

    result = make_decision(settings, now, body.go_signs, body.letgo_signs, body.choice, body.cycles)
    made = result.decision
    return {
        **result.data,
        "wanted": made.wanted.value,
        "reason": made.reason.value,
        "hard_stops": [s.value for s in made.hard_stops],
        "reflection_missing": result.reflection_missing,
        "do_not_contact": result.do_not_contact,
        "explanation": explain(load_decide_texts(), result),
    }


@router.get("/help-now", summary="Help lines for a country (as `amends help-now`)")
def help_lines(
    settings: SettingsDep, country: Annotated[str | None, Query(max_length=10)] = None
) -> JSONObject:
    from amends.services.safety import help_now

    found = help_now(settings, country)
    keys = ("service", "phone", "text", "web", "hours", "source", "checked")
    kinds = ("emergency", "crisis", "domestic_abuse", "fallback")
    lines = {k: [{key: getattr(x, key) for key in keys} for x in getattr(found, k)] for k in kinds}
    return {"country": found.country, "country_name": found.country_name, **lines}


@router.post("/safe", summary="Say you are safe now, so a paused plan carries on")
def safe(settings: SettingsDep, now: NowDep) -> JSONObject:
    from amends.services.safety import confirm_safe

    return {"was_paused": confirm_safe(settings, now)}


@router.delete("/chats/{chat_id}", summary="Forget one imported chat (as `amends chat forget`)")
def chat_forget(chat_id: Annotated[int, Path(ge=1, le=2**62)], settings: SettingsDep) -> Any:
    from amends.services.chats import forget_chat

    return forget_chat(settings, chat_id).as_json()


@router.get("/export", summary="Everything amends stores, as `amends export` writes it")
def export(settings: SettingsDep) -> Response:
    from amends.services.data import export_data

    with tempfile.TemporaryDirectory(prefix="amends-web-") as folder:
        path = FilePath(folder) / "amends-export.json"
        export_data(settings, path)
        return Response(path.read_bytes(), media_type="application/json")


@router.post("/restore", summary="Load an export into an empty amends (as `amends restore`)")
async def restore(
    settings: SettingsDep, file: Annotated[UploadFile, File(description="An export file")]
) -> JSONObject:
    from amends.services.data import restore_data
    from amends.web.settings_pages import MAX_RESTORE_BYTES

    with tempfile.TemporaryDirectory(prefix="amends-web-") as folder:
        path = FilePath(folder) / "restore.json"
        path.write_bytes(await file.read(MAX_RESTORE_BYTES))
        return {"restored": restore_data(settings, path)}


@router.post("/forget", summary="Delete everything amends stores (as `amends forget --all`)")
def forget(body: ForgetBody, settings: SettingsDep) -> JSONObject:
    from amends.services.data import forget_everything

    if not body.confirm:
        raise AmendsError("Nothing was deleted.", 'Send {"confirm": true} to delete everything.')
    return {"deleted": forget_everything(settings)}
