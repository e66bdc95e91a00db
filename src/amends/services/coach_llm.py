"""A second opinion on a draft from the user's own local model (AMENDS_LLM_URL, off unless set)."""

from __future__ import annotations

from typing import Any

from amends.config import Settings
from amends.core.coach import Review
from amends.core.errors import AmendsError

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def second_opinion(settings: Settings, draft: str, result: Review, timeout: float = 30.0) -> str:
    """A rewrite from the user's own OpenAI-compatible model at AMENDS_LLM_URL (off unless set).

    Only a model on this machine or the user's own network is ever asked; nothing else is sent
    anywhere. Not used for harm: crisis resources come first, never a rewrite.
    """
    from amends.catalogue.families import coach_texts

    url = _llm_endpoint(settings)
    if result.crisis:
        raise AmendsError("No rewrite for this draft.", "Please use the help lines shown.")
    texts = coach_texts()["llm"]
    families = ", ".join(f.value for f in result.families) or "nothing"
    body = {
        "model": "local",
        "temperature": 0,
        "messages": [
            {"role": "system", "content": texts["system"]},
            {"role": "user", "content": texts["user"].format(draft=draft, families=families)},
        ],
    }
    answer = _post_json(url, body, timeout)
    try:
        content = answer["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise AmendsError(
            f"The model at {url} answered in an unexpected shape.",
            "Use an OpenAI-compatible chat completions endpoint.",
        ) from None
    return " ".join(str(content).split())[:1000]


def _llm_endpoint(settings: Settings) -> str:
    import ipaddress
    from urllib.parse import urlparse

    if not settings.llm_url:
        raise AmendsError(
            "No local model is configured for a second opinion.",
            "Set AMENDS_LLM_URL, e.g. http://localhost:8080/v1.",
        )
    url = settings.llm_url.rstrip("/")
    host = urlparse(url).hostname or ""
    try:
        private = ipaddress.ip_address(host).is_private
    except ValueError:
        private = host in LOCAL_HOSTS or host.endswith(".local")
    if urlparse(url).scheme not in ("http", "https") or not private:
        raise AmendsError(
            f"AMENDS_LLM_URL {settings.llm_url!r} is not on this machine or your own network.",
            "amends only talks to a model you run yourself, e.g. http://localhost:8080/v1.",
        )
    if url.endswith("/chat/completions"):
        return url
    return url + ("/chat/completions" if url.endswith("/v1") else "/v1/chat/completions")


def _post_json(url: str, body: dict[str, Any], timeout: float) -> Any:
    import json
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        raise AmendsError(
            f"The local model at {url} did not answer ({error}).",
            "Start it, or unset AMENDS_LLM_URL.",
        ) from None
