"""Request-scoped values the routes declare: the settings the app was built with, and now."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from amends import clock
from amends.config import Settings


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_now(settings: SettingsDep) -> datetime:
    return clock.now(settings)


NowDep = Annotated[datetime, Depends(get_now)]
