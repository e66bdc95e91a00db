"""Request-scoped values the routes declare: the settings the app was built with, and now.

Both are `async def` because they never block: FastAPI then calls them in the event loop instead
of sending each one to the thread pool (two thread hops per request saved).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request

from amends import clock
from amends.config import Settings

T = TypeVar("T")


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_now(settings: SettingsDep) -> datetime:
    return clock.now(settings)


NowDep = Annotated[datetime, Depends(get_now)]


async def in_turn(request: Request, work: Callable[..., T], *args: Any) -> T:
    """Runs a service call on the app's single worker thread, in the order requests arrived.

    Service calls are CPU-bound under one interpreter lock, so running several at once only
    makes each slower; one FIFO worker keeps the event loop free to read requests, and under
    load every request waits its turn instead of some waiting far longer than others.
    """
    import asyncio

    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(request.app.state.worker, partial(work, *args))
