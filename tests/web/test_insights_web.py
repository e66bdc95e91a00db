"""Insights: a chat export uploaded in the browser, its numbers and its weekly chart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHAT = Path(__file__).resolve().parents[1] / "data" / "web" / "chat_whatsapp.txt"


def _upload(client: Any, me: str = "Alex", content: bytes | None = None) -> Any:
    body = CHAT.read_bytes() if content is None else content
    files = {"file": ("WhatsApp Chat with Sam.txt", body, "text/plain")}
    return client.post("/insights/import", files=files, data={"me": me})


def test_an_imported_chat_shows_its_numbers_and_chart(client: Any) -> None:
    page = _upload(client)
    assert page.status_code == 200 and "Imported." in page.text
    assert 'id="chat-chart"' in page.text and "<svg" in page.text
    assert "Alex and Sam" in page.text and "206 messages" in page.text
    assert "What they cannot say" in page.text


def test_importing_the_same_chat_again_adds_nothing(client: Any) -> None:
    _upload(client)
    page = _upload(client)
    assert page.text.count("206 messages") == 1
    assert len(client.get("/api/chats").json()) == 1


def test_a_name_that_is_not_in_the_chat_is_refused_next_to_the_name(client: Any) -> None:
    page = _upload(client, me="Jordan")
    assert page.status_code == 400 and 'id="me-error"' in page.text
    assert 'value="Jordan"' in page.text
    assert client.get("/api/chats").json() == []


def test_a_file_that_is_not_a_chat_is_refused_and_nothing_is_stored(client: Any) -> None:
    page = _upload(client, content=b"\x89PNG\r\n\x1a\n not a chat")
    assert page.status_code == 400 and 'id="file-error"' in page.text
    assert client.get("/api/chats").json() == []


def test_a_chat_can_be_forgotten(client: Any) -> None:
    _upload(client)
    (chat,) = client.get("/api/chats").json()
    page = client.post("/insights/forget", data={"chat": str(chat["chat_id"])})
    assert "forgotten" in page.text and client.get("/api/chats").json() == []


def test_api_import_and_report(client: Any) -> None:
    files = {"file": ("chat.txt", CHAT.read_bytes(), "text/plain")}
    summary = client.post("/api/chats", files=files, data={"me": "Alex"}).json()
    assert summary["messages"] == 206 and summary["me"] == "Alex"
    report = client.get(f"/api/chats/{summary['chat_id']}/report").json()
    assert report["overall"]["me"]["messages"] + report["overall"]["them"]["messages"] == 206
    assert report["chat"] == summary | {"added": 0}
    assert client.get("/api/chats/999/report").status_code == 400
