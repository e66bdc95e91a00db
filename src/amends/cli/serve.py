"""`amends serve` (the web app on this computer) and `amends calendar export PATH`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

calendar_app = typer.Typer(help="Reminders for any calendar app (iCalendar).", no_args_is_help=True)


def register(app: Any) -> None:
    app.command("serve")(serve)
    app.add_typer(calendar_app, name="calendar")


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on: this computer only.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the app in your browser once it is up.")
    ] = False,
    demo: Annotated[
        bool, typer.Option("--demo", help="Serve the sample plan (your own data is untouched).")
    ] = False,
) -> None:
    """Open amends in your browser: the web app, served on this computer only."""
    from amends import clock
    from amends.cli.render import settings_from_env

    check_loopback(host)
    check_port(host, port)
    settings = settings_from_env()
    if demo:
        from amends.services.demo import demo_plan, demo_settings

        demo_plan(settings, clock.now(settings))
        settings = demo_settings(settings)
        _import_demo_chat(settings)
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    typer.echo(f"amends is running at {url}  (Ctrl+C to stop)")
    if demo:
        typer.echo("This is the sample plan; your own data is untouched.")
    _run(settings, host, port, demo, url if open_browser else None)


def _import_demo_chat(settings: Any) -> None:
    """The sample plan's Insights page shows a shipped, invented two-person chat."""
    from importlib import resources

    from amends.services.chats import import_chat

    sample = resources.files("amends").joinpath("samples", "demo_chat.txt")
    with resources.as_file(sample) as path:
        import_chat(settings, path, me="Alex")


def _run(settings: Any, host: str, port: int, demo: bool, open_url: str | None) -> None:
    import uvicorn

    from amends.web.app import create_app

    if open_url:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, [open_url]).start()
    app = create_app(settings, demo=demo)
    # A long keep-alive: under load a busy loop may read a waiting request later than uvicorn's
    # 5 s default, which would close the connection under it (the client sees a read error).
    uvicorn.run(
        app, host=host, port=port, log_level="warning", access_log=False, timeout_keep_alive=60
    )


def check_loopback(host: str) -> None:
    """Only this computer may reach the app until hosted mode (a later feature) exists."""
    import ipaddress

    from amends.core.errors import AmendsError

    try:
        loopback = host == "localhost" or ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise AmendsError(
            f"amends serves only this computer, so it won't listen on {host}.",
            "Hosted mode is a later feature; use the default --host 127.0.0.1.",
        )


def check_port(host: str, port: int) -> None:
    import socket

    from amends.core.errors import AmendsError

    if not 1 <= port <= 65535:
        raise AmendsError(f"Port {port} does not exist.", "Use a port from 1024 to 65535.")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError:
            raise AmendsError(
                f"Port {port} is already in use.",
                f"Stop the other program, or try --port {port + 1}.",
            ) from None


@calendar_app.command("export")
def calendar_export(
    path: Annotated[Path, typer.Argument(help="The .ics file to write.", dir_okay=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Write your milestones and check-ins as an .ics file any calendar app can import."""
    from amends import clock
    from amends.cli.render import settings_from_env
    from amends.services.calendar import export_calendar

    settings = settings_from_env()
    count = export_calendar(settings, clock.now(settings), path, force=force)
    typer.echo(f'Wrote {count} reminders to {path}. They say only "Check-in", nothing more.')
