"""Local servers speaking the language model APIs AutoArr uses.

`OllamaServer` (Ollama's HTTP API), `AnthropicServer` (the Messages API with
server-sent events) and `OpenAIServer` (chat completions with SSE), all on
127.0.0.1 with an ephemeral port, scripted turn by turn (see `scripted.py`).
The tests, the demo and the benchmark share them:

    async with OllamaServer() as ollama:
        ollama.script(Reply("Two downloads are running."))
        provider = OllamaProvider(session, ollama.url)
        ...
        assert ollama.chat_requests()[0]["think"] is False
"""

from .anthropic import AnthropicServer
from .ollama import OllamaModel, OllamaServer
from .openai import OpenAIServer
from .scripted import (
    BreakMidStream,
    Call,
    Drop,
    Fail,
    Garbage,
    Hang,
    RecordedRequest,
    Reply,
    Responder,
    ScriptedServer,
    Stall,
    Turn,
    conversation_of,
    keyword_responder,
    refusing_url,
)

__all__ = [
    "AnthropicServer",
    "BreakMidStream",
    "Call",
    "Drop",
    "Fail",
    "Garbage",
    "Hang",
    "OllamaModel",
    "OllamaServer",
    "OpenAIServer",
    "RecordedRequest",
    "Reply",
    "Responder",
    "ScriptedServer",
    "Stall",
    "Turn",
    "conversation_of",
    "keyword_responder",
    "refusing_url",
]
