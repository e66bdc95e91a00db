"""Request-scoped values the routes declare: the settings the app was built with, and now.

Both are `async def` because they never block: FastAPI then calls them in the event loop instead
of sending each one to the thread pool (two thread hops per request saved).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from amends import clock
from amends.config import Settings


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_now(settings: SettingsDep) -> datetime:
    return clock.now(settings)


NowDep = Annotated[datetime, Depends(get_now)]
