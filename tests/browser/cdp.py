"""A tiny Chrome DevTools Protocol client over --remote-debugging-pipe (stdlib only).

With --remote-debugging-pipe Chromium reads CDP commands from its fd 3 and writes
replies and events to its fd 4; every message is one JSON text followed by a NUL byte.
This module spawns Chromium with two os.pipe()s moved onto fds 3 and 4 of the child,
and speaks the protocol single-threaded: a command is written, then the read end is
select()ed until the reply with the same id arrives; events read meanwhile are kept.
"""

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time

DEFAULT_FLAGS = [
    "--headless=new",
    "--remote-debugging-pipe",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
]


class CDPError(Exception):
    """A protocol error reply, a timeout, or a browser that could not start or died."""


def find_chromium(explicit=None):
    """Path of the Chromium binary, or None when it is not installed."""
    if explicit:  # an explicit choice is the only candidate
        return explicit if os.path.isfile(explicit) and os.access(explicit, os.X_OK) else None
    candidates = [os.environ.get("CHROMIUM"), "/usr/bin/chromium"]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None


def _high_fd(fd):
    """Duplicate fd to a number >= 10 (close-on-exec) so dup2 onto 3/4 cannot clobber it."""
    new = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return new


class Browser:
    def __init__(self, chromium, width=1400, height=900, extra_flags=(), verbose=False):
        self.verbose = verbose
        self.events = []          # every event received, in order: dicts with method/params/sessionId
        self._next_id = 0
        self._buf = b""
        self._closed = False
        self.user_data_dir = tempfile.mkdtemp(prefix="textrace-cdp-")
        self._stderr = tempfile.TemporaryFile()

        # cmd_r/cmd_w: we write commands, the child reads them on fd 3.
        # ev_r/ev_w: the child writes replies/events on fd 4, we read them.
        cmd_r, cmd_w = (_high_fd(fd) for fd in os.pipe())
        ev_r, ev_w = (_high_fd(fd) for fd in os.pipe())

        def child_fds():  # runs in the child between fork and exec
            os.dup2(cmd_r, 3)  # os.dup2 makes the target inheritable
            os.dup2(ev_w, 4)

        argv = [chromium] + DEFAULT_FLAGS + list(extra_flags) + [
            "--user-data-dir=" + self.user_data_dir,
            "--window-size=%d,%d" % (width, height),
            "about:blank",
        ]
        try:
            # pass_fds keeps 3 and 4 open: close_fds runs after preexec_fn in the child.
            self.proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=self._stderr, stderr=self._stderr,
                preexec_fn=child_fds, pass_fds=(3, 4), close_fds=True)
        except OSError as e:
            for fd in (cmd_w, ev_r):
                os.close(fd)
            shutil.rmtree(self.user_data_dir, ignore_errors=True)
            raise CDPError("cannot start %s: %s" % (chromium, e))
        finally:
            os.close(cmd_r)
            os.close(ev_w)
        self._wfd = cmd_w
        self._rfd = ev_r
        try:
            self.version = self.send("Browser.getVersion", timeout=30)
        except CDPError:
            self.close()
            raise

    # ---- diagnostics -------------------------------------------------------------------
    def stderr_tail(self, lines=25):
        try:
            self._stderr.seek(0)
            data = self._stderr.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""
        return "\n".join(data.splitlines()[-lines:])

    def _died(self, what):
        rc = self.proc.poll()
        msg = "chromium %s" % what
        if rc is not None:
            msg += " (exit status %s)" % rc
        tail = self.stderr_tail()
        if tail:
            msg += "\n--- chromium stderr (tail) ---\n" + tail
        return CDPError(msg)

    # ---- wire --------------------------------------------------------------------------
    def _write(self, obj):
        data = json.dumps(obj).encode("utf-8") + b"\0"
        try:
            while data:
                n = os.write(self._wfd, data)
                data = data[n:]
        except (BrokenPipeError, OSError) as e:
            raise self._died("is gone (write to its fd 3 failed: %s)" % e)

    def _read_message(self, deadline):
        """Next message from fd 4, or None at the deadline."""
        while True:
            i = self._buf.find(b"\0")
            if i >= 0:
                raw, self._buf = self._buf[:i], self._buf[i + 1:]
                return json.loads(raw.decode("utf-8"))
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self._rfd], [], [], min(left, 1.0))
            if not r:
                if self.proc.poll() is not None:
                    raise self._died("exited")
                continue
            chunk = os.read(self._rfd, 1 << 20)
            if not chunk:
                raise self._died("closed its fd 4 (it exited or crashed)")
            self._buf += chunk

    def send(self, method, params=None, session_id=None, timeout=30.0):
        """Send a command and return its result; events read meanwhile go to self.events."""
        if self._closed:
            raise CDPError("browser already closed")
        self._next_id += 1
        msg = {"id": self._next_id, "method": method, "params": params or {}}
        if session_id:
            msg["sessionId"] = session_id
        if self.verbose:
            print("cdp >", method, json.dumps(params or {})[:200])
        self._write(msg)
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply is None:
                raise CDPError("no reply to %s within %.0f s" % (method, timeout))
            if reply.get("id") == msg["id"]:
                if "error" in reply:
                    raise CDPError("%s failed: %s" % (method, reply["error"]))
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_event(self, method, session_id=None, timeout=30.0):
        """Return (and consume) the first event named method, reading more if needed."""
        deadline = time.monotonic() + timeout
        while True:
            for i, ev in enumerate(self.events):
                if ev.get("method") == method and (session_id is None or ev.get("sessionId") == session_id):
                    return self.events.pop(i)
            msg = self._read_message(deadline)
            if msg is None:
                raise CDPError("no %s event within %.0f s" % (method, timeout))
            if "method" in msg:
                self.events.append(msg)

    # ---- pages -------------------------------------------------------------------------
    def new_page(self, url="about:blank"):
        target = self.send("Target.createTarget", {"url": url})["targetId"]
        sid = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        return Page(self, target, sid)

    # ---- shutdown ----------------------------------------------------------------------
    def close(self, timeout=5.0):
        """Browser.close, then kill if it has not exited after timeout seconds."""
        if self._closed:
            return
        if self.proc.poll() is None:
            try:
                self.send("Browser.close", timeout=timeout)
            except CDPError:
                pass  # it may close the pipe before replying
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._closed = True
        for fd in (self._wfd, self._rfd):
            try:
                os.close(fd)
            except OSError:
                pass
        self._stderr.close()
        shutil.rmtree(self.user_data_dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class JSException(CDPError):
    pass


class Page:
    def __init__(self, browser, target_id, session_id):
        self.browser = browser
        self.target_id = target_id
        self.session_id = session_id
        self.send("Page.enable")
        self.send("Runtime.enable")

    def send(self, method, params=None, timeout=30.0):
        return self.browser.send(method, params, self.session_id, timeout)

    def navigate(self, url, timeout=30.0):
        res = self.send("Page.navigate", {"url": url}, timeout=timeout)
        if res.get("errorText"):
            raise CDPError("navigation to %s failed: %s" % (url, res["errorText"]))
        return res

    def evaluate(self, expression, timeout=30.0):
        """Evaluate JS (promises awaited) and return its value (JSON-serialisable)."""
        res = self.send("Runtime.evaluate", {
            "expression": expression,
            "awaitPromise": True,
            "returnByValue": True,
            "userGesture": True,
        }, timeout=timeout)
        if "exceptionDetails" in res:
            d = res["exceptionDetails"]
            text = d.get("exception", {}).get("description") or d.get("text")
            raise JSException("JS exception in %r: %s" % (expression[:120], text))
        return res.get("result", {}).get("value")

    def wait_for(self, expression, timeout=20.0, interval=0.1):
        """Poll a JS expression until it is truthy; return its value, or raise at the timeout.

        Evaluation errors while a document is (re)loading are retried."""
        deadline = time.monotonic() + timeout
        last_err = None
        while True:
            try:
                v = self.evaluate(expression, timeout=max(1.0, deadline - time.monotonic()))
                if v:
                    return v
                last_err = None
            except JSException as e:
                last_err = e
            except CDPError as e:
                if "Execution context" not in str(e) and "Cannot find context" not in str(e):
                    raise
                last_err = e
            if time.monotonic() >= deadline:
                raise CDPError("timed out after %.0f s waiting for %s%s" % (
                    timeout, expression, (" (last error: %s)" % last_err) if last_err else ""))
            time.sleep(interval)

    def click(self, x, y, button="left"):
        """A real mouse click at viewport coordinates (move, press, release)."""
        base = {"x": x, "y": y}
        self.send("Input.dispatchMouseEvent", dict(base, type="mouseMoved"))
        self.send("Input.dispatchMouseEvent", dict(base, type="mousePressed", button=button, clickCount=1))
        self.send("Input.dispatchMouseEvent", dict(base, type="mouseReleased", button=button, clickCount=1))

    # Keys as Input.dispatchKeyEvent wants them: key, code, Windows virtual key code, text.
    KEYS = {
        "Tab": ("Tab", "Tab", 9, ""),
        "Enter": ("Enter", "Enter", 13, "\r"),
        "Escape": ("Escape", "Escape", 27, ""),
    }

    def press(self, key, shift=False):
        """A real key press (keyDown with its text, then keyUp), as typed on a keyboard:
        "Tab", "Enter", "Escape", or one letter or digit."""
        if key in self.KEYS:
            name, code, vk, text = self.KEYS[key]
        elif len(key) == 1 and key.isalnum():
            name, code, vk, text = key, ("Key" if key.isalpha() else "Digit") + key.upper(), ord(key.upper()), key
        else:
            raise ValueError("no key code for %r" % key)
        base = {"key": name, "code": code, "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk,
                "modifiers": 8 if shift else 0}
        self.send("Input.dispatchKeyEvent", dict(base, type="keyDown", text=text) if text
                  else dict(base, type="rawKeyDown"))
        self.send("Input.dispatchKeyEvent", dict(base, type="keyUp"))

    def emulate_media(self, media):
        """Emulated CSS media type: "print", "screen", or "" for none."""
        self.send("Emulation.setEmulatedMedia", {"media": media})

    def print_to_pdf(self, timeout=120.0):
        """The page printed as Chromium prints it (A4-ish Letter defaults): PDF bytes."""
        data = self.send("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True},
                         timeout=timeout)["data"]
        return base64.b64decode(data)

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", {"format": "png"}, timeout=60)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        return path
