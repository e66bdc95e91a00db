"""Rich output for the coach: the draft with its risky spans highlighted, each one explained."""

from __future__ import annotations

from typing import Any

VERDICT_STYLE = {
    "send": "bold green",
    "rewrite": "bold yellow",
    "wait": "bold blue",
    "stop": "bold red",
}
SEVERITY_STYLE = {
    "low": "underline yellow",
    "medium": "bold yellow on grey23",
    "high": "bold white on red",
}
EXCERPT = 60


def show_review(draft: str, review: Any, texts: dict[str, Any], resources: Any) -> None:
    from rich.text import Text

    from amends.cli.render import console

    out = console()
    if review.crisis:
        _show_crisis(out, texts, resources)
    verdict = review.verdict.value
    words = [f for f in review.findings if f.source != "context"]
    moment = [f for f in review.findings if f.source == "context"]
    headline = texts["verdicts"]["wait_and_rewrite" if verdict == "wait" and words else verdict]
    out.print(Text(f"{verdict.upper()}  ", style=VERDICT_STYLE[verdict]) + Text(headline))
    if words:
        out.print(_highlighted(draft, words))
        out.print(Text(texts["check"]["words_heading"], style="bold"))
        for finding in words:
            out.print(_explained(draft, finding))
    if moment:
        out.print(Text(texts["check"]["moment_heading"], style="bold"))
        for finding in moment:
            out.print(Text(f"  • {_label(finding.family)}: ", style="bold") + Text(finding.reason))
    if review.rewrite:
        out.print(Text(texts["check"]["rewrite_heading"], style="bold"))
        out.print(Text(f"  {review.rewrite}", style="green"))


def _highlighted(draft: str, findings: list[Any]) -> Any:
    from rich.text import Text

    shown = draft if len(draft) <= 2000 else draft[:2000] + " …"
    text = Text(shown)
    for finding in findings:
        if finding.start < len(shown):
            end = min(finding.end, len(shown))
            text.stylize(SEVERITY_STYLE.get(finding.severity.value, "bold"), finding.start, end)
    return Text("  ") + text


def _explained(draft: str, finding: Any) -> Any:
    from rich.text import Text

    excerpt = " ".join(draft[finding.start : finding.end].split())
    if len(excerpt) > EXCERPT:
        excerpt = excerpt[: EXCERPT - 1] + "…"
    line = Text(f"  • {_label(finding.family)} ", style="bold")
    line += Text(f"“{excerpt}”", style=SEVERITY_STYLE.get(finding.severity.value, "bold"))
    return line + Text(f": {finding.reason}")


def _label(family: Any) -> str:
    return str(family.value).replace("_", " ")


def _show_crisis(out: Any, texts: dict[str, Any], resources: Any) -> None:
    from rich.text import Text

    if resources is not None:
        from amends.cli.safety_render import print_crisis

        print_crisis(resources)
    else:
        out.print(Text(texts["check"]["crisis_intro"], style="bold red"))
        out.print(texts["check"]["crisis_fallback"])
    out.print("")


def show_held(item: Any) -> None:
    from rich.text import Text

    from amends.cli.render import console

    out = console()
    event, review = item.event, item.review
    when = event.at.strftime("%a %d %b %H:%M")
    out.print(
        Text(f"\n#{event.id}  held {when}, first verdict {event.data.get('verdict')}", style="bold")
    )
    out.print(Text(f"  {event.data.get('draft', '')}"))
    verdict = review.verdict.value
    families = ", ".join(_label(f) for f in review.families) or "nothing"
    out.print(
        Text(f"  Today: {verdict}", style=VERDICT_STYLE[verdict]) + Text(f" (flags: {families})")
    )
    if review.rewrite:
        out.print(Text(f"  Calmer version: {review.rewrite}", style="green"))


def held_json(drafts: list[Any], summary: Any) -> dict[str, Any]:
    return {
        "held": [
            {
                "id": item.event.id,
                "held_at": item.event.at.isoformat(),
                "draft": item.event.data.get("draft"),
                "first_verdict": item.event.data.get("verdict"),
                "due": item.due,
                "review": item.review.as_json(),
            }
            for item in drafts
        ],
        "summary": summary.as_json(),
    }
