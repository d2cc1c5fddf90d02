"""A minimal client of Chromium's DevTools protocol over ``--remote-debugging-pipe``: the
real browser, no web socket library.  Chromium reads commands from its fd 3 and writes
replies and events to its fd 4, each a JSON message closed by a NUL byte."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str | None:
    """Debian's Chromium, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One headless Chromium with a fresh profile, driven through the pipe."""

    def __init__(self, profile: Path, width: int = 1100, height: int = 900) -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire() -> None:  # in the child: our pipes become its fds 3 and 4 (inheritable)
            reading, writing = os.dup(to_child_r), os.dup(from_child_w)  # neither may be 3 or 4 meanwhile
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self.process = subprocess.Popen(
            [chromium() or "chromium", *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe",
             f"--window-size={width},{height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire, close_fds=False)  # the pipes are non-inheritable: only fds 3 and 4 pass
        os.close(to_child_r)
        os.close(from_child_w)
        self._next, self._buffer, self.events = 0, b"", []

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._from_child, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed its DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
             timeout: float = 60) -> dict[str, Any]:
        """Send one command and wait for its reply (events meanwhile are kept in ``events``)."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def open(self, url: str) -> str:
        """Open ``url`` in a new page, wait until it has loaded; the page's session id."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "DOM", "CSS", "Runtime"):
            self.send(f"{domain}.enable", session=session)
        self.send("Page.navigate", {"url": url}, session=session)
        deadline = time.monotonic() + 60
        while self.evaluate(session, "document.readyState") != "complete":
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not load")
            time.sleep(0.1)
        self.evaluate(session, "document.fonts.ready.then(() => true)", promise=True)
        return session

    def evaluate(self, session: str, expression: str, promise: bool = False) -> Any:
        """A JavaScript expression's value in the page."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": promise}, session=session)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['result'].get('description')}")
        return result["result"].get("value")

    def fonts_of(self, session: str, selector: str) -> list[dict[str, Any]]:
        """The fonts Chromium laid the text of the first node matching ``selector`` out with:
        family name and the number of glyphs drawn with it (CSS.getPlatformFontsForNode)."""
        root = self.send("DOM.getDocument", {"depth": -1}, session=session)["root"]["nodeId"]
        node = self.send("DOM.querySelector", {"nodeId": root, "selector": selector}, session=session)["nodeId"]
        if not node:
            raise LookupError(f"no node matches {selector}")
        fonts: dict[str, int] = {}
        for child in [node] + self._text_children(session, node):
            for f in self.send("CSS.getPlatformFontsForNode", {"nodeId": child}, session=session)["fonts"]:
                fonts[f["familyName"]] = fonts.get(f["familyName"], 0) + f["glyphCount"]
        return [{"familyName": name, "glyphCount": count} for name, count in fonts.items()]

    def _text_children(self, session: str, node: int) -> list[int]:
        described = self.send("DOM.describeNode", {"nodeId": node, "depth": -1}, session=session)["node"]
        found: list[int] = []

        def walk(n: dict[str, Any]) -> None:
            for c in n.get("children", []):
                if c.get("nodeType") == 3:
                    pushed = self.send("DOM.pushNodesByBackendIdsToFrontend",
                                       {"backendNodeIds": [c["backendNodeId"]]}, session=session)
                    found.extend(pushed["nodeIds"])
                walk(c)
        walk(described)
        return found

    def screenshot(self, session: str, path: Path, height: int | None = None) -> Path:
        """The page as a PNG: the whole page, or its first ``height`` CSS pixels."""
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": True}
        if height:
            width = self.evaluate(session, "document.documentElement.scrollWidth")
            params["clip"] = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
        shot = self.send("Page.captureScreenshot", params, session=session, timeout=120)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=10)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_child)
        os.close(self._from_child)
