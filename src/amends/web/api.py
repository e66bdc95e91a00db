"""The JSON API under /api/: everything the pages do, described by /openapi.json.

Shapes reuse the CLI's --json shapes (services.plan.plan_as_json, the habit and journal JSON of
docs/json.md). Errors: AmendsError is a 400 with {"error", "hint", "detail"} (see app.py).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from pydantic import BaseModel, Field

from amends.web.deps import NowDep, SettingsDep

router = APIRouter(prefix="/api", tags=["api"])

Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2200, 1, 1))]
Moment = Annotated[datetime, Field(ge=datetime(1900, 1, 2), le=datetime(2200, 1, 1))]
Text = Annotated[str, Field(max_length=20_000)]
Short = Annotated[str, Field(max_length=200)]
JSONObject = dict[str, Any]


class StartBody(BaseModel):
    breakup_date: Day
    ended_by: Literal["me", "them", "mutual"]
    no_contact_since: Day | None = None
    no_contact_days: int = 30
    shared: list[Literal["kids", "work", "home"]] = []
    asked_no_contact: bool = False
    nickname: Short = "them"
    want: Literal["this_person", "a_relationship", "not_alone", "unsure"] = "unsure"
    patient: bool | None = None
    can_accept_no: bool | None = None


class LogBody(BaseModel):
    note: Text = ""
    at: Moment | None = Field(None, description="When it happened; default now.")
    what: Literal["contact", "checked_profile", "other"] = "contact"
    direction: Literal["out", "in"] | None = Field(None, description="contact: out = from me.")
    channel: Literal["text", "call", "meeting"] = "text"
    logistics: bool = False
    outcome: Literal["both_want", "not_yet", "they_said_no"] | None = None


class JournalBody(BaseModel):
    text: Text
    mood: int | None = Field(None, description="1 (worst) to 10 (best)")


class HabitBody(BaseModel):
    name: Short
    area: Literal[
        "sleep", "food", "movement", "journaling", "friends", "hobbies", "learning",
        "volunteering", "custom",
    ]  # fmt: skip
    goal: Short = ""


class CheckBody(BaseModel):
    name: Short
    note: Short = ""


class NoContactBody(BaseModel):
    days: int
    shared: list[Literal["kids", "work", "home"]] = []


@router.get("/status", summary="Where you are, what's next and why (as `amends status --json`)")
def status(settings: SettingsDep, now: NowDep) -> JSONObject:
    from amends.services.plan import plan_as_json, plan_status

    return plan_as_json(plan_status(settings, now))


@router.post("/start", summary="Start the plan (as `amends start`)")
def start(body: StartBody, settings: SettingsDep, now: NowDep) -> JSONObject:
    from amends.core import no_contact
    from amends.services.plan import StartRequest, plan_as_json, start_plan

    request = StartRequest(
        breakup_date=body.breakup_date,
        ended_by=body.ended_by,
        no_contact_since=body.no_contact_since or now.date(),
        no_contact_days=body.no_contact_days,
        shared=no_contact.parse_shared(body.shared),
        asked_no_contact=body.asked_no_contact,
        nickname=body.nickname.strip() or "them",
        readiness={"want": body.want, "patient": body.patient, "can_accept_no": body.can_accept_no},
    )
    return plan_as_json(start_plan(settings, now, request))


@router.post("/log/{kind}", summary="Log an urge, slip, contact, talk or check-in")
def log(
    kind: Literal["urge", "slip", "contact", "talk", "checkin"],
    body: LogBody,
    settings: SettingsDep,
    now: NowDep,
) -> JSONObject:
    from amends.core.events import EventKind
    from amends.services.plan import log_event, plan_as_json

    data = _log_data(kind, body)
    event_kind = EventKind.TALK_HELD if kind == "talk" else EventKind(kind)
    at = body.at if body.at is None or body.at.tzinfo else body.at.astimezone()
    event, state = log_event(settings, now, event_kind, data, at)
    logged = {"id": event.id, "kind": event_kind.value, "at": event.at.isoformat(), **data}
    return {"logged": logged, "plan": plan_as_json(state)}


def _log_data(kind: str, body: LogBody) -> JSONObject:
    if kind == "slip":
        return {"note": body.note, "what": body.what}
    if kind == "contact":
        return {
            "direction": body.direction,
            "channel": body.channel,
            "logistics": body.logistics,
            "note": body.note,
        }
    if kind == "talk":
        return {"outcome": body.outcome, "note": body.note}
    return {"note": body.note}


@router.get("/journal", summary="Journal entries, oldest first")
def journal(settings: SettingsDep, limit: Annotated[int, Field(ge=1, le=10_000)] = 100) -> Any:
    from amends.services.rebuild import list_journal

    return [_entry_json(e) for e in list_journal(settings, limit)]


@router.post("/journal", summary="Write a journal entry")
def journal_add(body: JournalBody, settings: SettingsDep, now: NowDep) -> JSONObject:
    from amends.services.rebuild import add_journal_entry

    return _entry_json(add_journal_entry(settings, now, body.text, body.mood))


def _entry_json(entry: Any) -> JSONObject:
    return {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "text": entry.text,
        "mood": entry.mood,
        "crisis": entry.crisis,
    }


@router.get("/habits", summary="Habits in use, with this week's check-ins and the streak")
def habits(settings: SettingsDep, now: NowDep) -> list[JSONObject]:
    from amends.services.rebuild import list_habits

    return [_habit_json(p) for p in list_habits(settings, now)]


@router.post("/habits", summary="Add a habit")
def habit_add(body: HabitBody, settings: SettingsDep, now: NowDep) -> JSONObject:
    from amends.services.rebuild import add_habit, list_habits

    habit = add_habit(settings, now, body.name, body.area, body.goal)
    return next(_habit_json(p) for p in list_habits(settings, now) if p.habit.name == habit.name)


@router.post("/habits/check", summary="Check in a habit")
def habit_check(body: CheckBody, settings: SettingsDep, now: NowDep) -> JSONObject:
    from amends.services.rebuild import check_habit

    return _habit_json(check_habit(settings, now, body.name, body.note))


def _habit_json(progress: Any) -> JSONObject:
    from amends.services.rebuild import habit_as_json

    return habit_as_json(progress)


@router.post("/no-contact", summary="Change the no-contact length or limited contact")
def no_contact_change(body: NoContactBody, settings: SettingsDep, now: NowDep) -> JSONObject:
    from amends.services.plan import plan_as_json
    from amends.web.settings_pages import change_no_contact

    return plan_as_json(change_no_contact(settings, now, body.days, list(body.shared)))


@router.get("/reminders", summary="The plan's reminders (as /calendar.ics), neutral wording")
def reminders(settings: SettingsDep, now: NowDep) -> list[JSONObject]:
    from amends.services.calendar import plan_reminders
    from amends.services.plan import plan_status

    found = plan_reminders(plan_status(settings, now), now.date())
    return [{"day": r.day.isoformat(), "kind": r.kind, "title": r.title} for r in found]


class DraftBody(BaseModel):
    draft: Annotated[str, Field(max_length=100_000)]
    drinking: bool = False


@router.post("/coach/review", summary="Review a draft to them (as `amends check`); sends nothing")
async def coach_review(
    request: Request, body: DraftBody, settings: SettingsDep, now: NowDep
) -> JSONObject:
    from amends.web.coach_pages import check_in_turn

    result = await check_in_turn(request, settings, now, body.draft, body.drinking)
    return review_json(result, settings)


def review_json(result: Any, settings: Any) -> JSONObject:
    """The shape of `amends check --json` (docs/json.md), plus each finding's text."""
    out: JSONObject = result.review.as_json()
    for finding in out["findings"]:
        finding["text"] = result.draft[finding["start"] : finding["end"]]
    out["stage"] = result.context.stage.value
    out["from_plan"] = result.from_plan
    out["model"] = result.review.model_used
    out["held_id"] = result.held.id if result.held else None
    if result.review.crisis:
        from amends.services.safety import help_now, resources_as_json

        out["crisis_resources"] = resources_as_json(help_now(settings))
    return out


@router.get("/chats", summary="Imported chats (as `amends chat list --json`)")
def chats(settings: SettingsDep) -> list[JSONObject]:
    from amends.services.chats import list_chats

    return [chat.as_json() for chat in list_chats(settings)]


@router.post("/chats", summary="Import a chat export (as `amends chat import`)")
async def chat_import(
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="The export: WhatsApp .txt/.zip, ...")],
    me: Annotated[str | None, Form(max_length=200, description="Your name in the chat")] = None,
) -> JSONObject:
    from amends.web.insights_pages import import_upload

    summary = await import_upload(settings, file, (me or "").strip() or None)
    return dict(summary.as_json())


@router.get("/chats/{chat_id}/report", summary="A chat's metrics (as `amends chat report`)")
def chat_report(chat_id: Annotated[int, Path(ge=1, le=2**62)], settings: SettingsDep) -> Any:
    from amends.services.chats import chat_report as report_of

    return report_of(settings, chat_id).as_json()
