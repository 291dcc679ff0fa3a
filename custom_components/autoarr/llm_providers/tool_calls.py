"""Recovering tool calls that small local models write as text.

Models of a few billion parameters often do not use the API's tool-call
field. They write the call into their answer instead: as a bare JSON object
(`{"name": "get_queue", "arguments": {}}`), inside `<tool_call>` tags (the
Hermes/Qwen template), after `<|python_tag|>` (Llama) or `[TOOL_CALLS]`
(Mistral), as `<function=name>{...}</function>` (Llama 3.1), in a code
fence, or with the arguments as a JSON string. This module turns those into real `ToolCall`s. Arguments that cannot
be read become a call with `arguments_error` set, which the agent returns to
the model as a tool error, so the model can correct itself.

Bare JSON is only taken for a call when it names one of the offered tools;
after a tag or prefix the intent is explicit, so any name is taken.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
import json
import re
import secrets
import string
from typing import TYPE_CHECKING, Any, Self

from custom_components.autoarr.arr.bounded import JsonTooDeepError, loads_bounded

from .errors import LLMModelOutputError
from .models import ToolCall, ToolSpec

if TYPE_CHECKING:
    from .base import ChatOptions

TOOL_CALL_OPEN = "<tool_call>"
TOOL_CALL_CLOSE = "</tool_call>"
_NAME_KEYS = ("name", "tool", "tool_name", "function_name")
_ARGUMENT_KEYS = ("arguments", "parameters", "args", "input")
_TAGGED = re.compile(
    re.escape(TOOL_CALL_OPEN) + r"(.*?)(?:" + re.escape(TOOL_CALL_CLOSE) + r"|\Z)",
    re.DOTALL,
)
# Llama 3.1's other format: <function=name>{"arg": 1}</function>.
FUNCTION_TAG_OPEN = "<function="
_FUNCTION_TAG = re.compile(
    re.escape(FUNCTION_TAG_OPEN) + r"([\w.\-]+)>(.*?)(?:</function>|\Z)", re.DOTALL
)
# Llama's <|python_tag|> and Mistral's [TOOL_CALLS] put JSON calls after them.
CALL_PREFIXES = ("<|python_tag|>", "[TOOL_CALLS]")
_FENCE = re.compile(r"```[a-zA-Z]*\s*(.*?)\s*```", re.DOTALL)
_NAME_IN_TEXT = re.compile(r"""["']?name["']?\s*[:=]\s*["']([\w.\-]+)["']""")
# Where text the model wrote may begin a tool call.
STREAM_TRIGGERS = (TOOL_CALL_OPEN, FUNCTION_TAG_OPEN, *CALL_PREFIXES, "```", "{")


def function_tools(tools: Sequence[ToolSpec]) -> list[dict[str, Any]]:
    """Return tools in the function-calling shape of Ollama and OpenAI's API."""
    return [
        {
            "type": "function",
            "function": {
                "name": tool.name,
                "description": tool.description,
                "parameters": tool.parameters,
            },
        }
        for tool in tools
    ]


# Mistral-family chat templates accept only ids of 9 letters and digits;
# every other common template takes those too.
CALL_ID_LENGTH = 9
_CALL_ID_ALPHABET = string.ascii_letters + string.digits


def new_call_id() -> str:
    """Return an id for a call the provider did not give one (9 alphanumerics)."""
    return "".join(secrets.choice(_CALL_ID_ALPHABET) for _ in range(CALL_ID_LENGTH))


def parse_arguments(raw: Any) -> tuple[dict[str, Any], str | None]:
    """Return a call's arguments as a dict, or why they cannot be used.

    Accepts a dict, a JSON object as a string (possibly in a code fence), or
    nothing (no arguments).
    """
    if isinstance(raw, dict):
        return raw, None
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return {}, None
    if not isinstance(raw, str):
        return {}, (
            f"the arguments must be a JSON object, not {type(raw).__name__}; "
            "call the tool again with an object of named arguments"
        )
    text = raw.strip()
    if fence := _FENCE.fullmatch(text):
        text = fence.group(1)
    try:
        value = loads_bounded(text)
    except JsonTooDeepError:
        return {}, (
            "the arguments nest too deeply; "
            "call the tool again with a JSON object of named arguments"
        )
    except json.JSONDecodeError as err:
        return {}, (
            f"the arguments are not valid JSON ({err.msg} at position {err.pos}); "
            "call the tool again with a JSON object of named arguments"
        )
    if isinstance(value, str):
        # Arguments encoded twice ("\"{...}\""), which some templates produce.
        return parse_arguments(value) if value.strip() else ({}, None)
    if not isinstance(value, dict):
        return {}, (
            f"the arguments must be a JSON object, not {type(value).__name__}; "
            "call the tool again with an object of named arguments"
        )
    return value, None


def make_tool_call(
    name: str, raw_arguments: Any, call_id: str | None = None
) -> ToolCall:
    """Return a ToolCall from a name and arguments in any accepted form."""
    arguments, error = parse_arguments(raw_arguments)
    raw_text: str | None = None
    if error is not None:
        raw_text = (
            raw_arguments if isinstance(raw_arguments, str) else repr(raw_arguments)
        )
    return ToolCall(
        id=call_id or new_call_id(),
        name=name,
        arguments=arguments,
        arguments_error=error,
        raw_arguments=raw_text,
    )


def is_tool_definition(value: Any) -> bool:
    """Return whether a decoded JSON value is a tool's definition, not a call.

    A model that repeats its tool list writes objects with a description
    and a JSON schema ({"type": "object", "properties": ...}) as parameters;
    run as a call, a tool would get the schema as its arguments.
    """
    if not isinstance(value, dict):
        return False
    if isinstance(function := value.get("function"), dict):
        return is_tool_definition(function)
    parameters = value.get("parameters", value.get("input_schema"))
    schema_like = isinstance(parameters, dict) and (
        parameters.get("type") == "object" or "properties" in parameters
    )
    return schema_like or ("description" in value and "arguments" not in value)


def _call_from_object(value: Any) -> ToolCall | None:
    """Return the call a decoded JSON value describes, if it has that shape."""
    if not isinstance(value, dict) or is_tool_definition(value):
        return None
    function = value.get("function")
    if isinstance(function, dict):
        # OpenAI's shape: {"type": "function", "function": {"name", "arguments"}}.
        return _call_from_object(function)
    name = next(
        (value[key] for key in _NAME_KEYS if isinstance(value.get(key), str)), None
    )
    if not name:
        return None
    raw_arguments = next((value[key] for key in _ARGUMENT_KEYS if key in value), None)
    call_id = value.get("id") if isinstance(value.get("id"), str) else None
    return make_tool_call(name, raw_arguments, call_id)


def _unclosed(text: str) -> str:
    """Return the brackets a JSON text leaves open at its end, to close them.

    Small models often end a call one brace short
    (`{"name": "x", "arguments": {}`). Empty when nothing is left open, or
    when the text is no JSON cut short that way (a bracket closed wrongly, a
    string still open).
    """
    closers: list[str] = []
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            closers.append("}" if char == "{" else "]")
        elif char in "}]" and (not closers or closers.pop() != char):
            return ""
    return "" if in_string else "".join(reversed(closers))


def _calls_from_json(text: str) -> list[ToolCall] | None:
    """Return the calls a JSON text holds (one object or a list), else None.

    A text left short of its closing brackets is read with them added.
    """
    try:
        value = loads_bounded(text)
    except ValueError:
        if not (closing := _unclosed(text)):
            return None
        try:
            value = loads_bounded(text + closing)
        except ValueError:
            return None
    items = value if isinstance(value, list) else [value]
    calls = [_call_from_object(item) for item in items]
    if not calls or any(call is None for call in calls):
        return None
    return [call for call in calls if call is not None]


def _tagged_call(inner: str) -> ToolCall | None:
    """Return the call inside one pair of <tool_call> tags."""
    text = inner.strip()
    if fence := _FENCE.fullmatch(text):
        text = fence.group(1)
    calls = _calls_from_json(text)
    if calls:
        return calls[0]
    if any(is_tool_definition(value) for value in _json_values(text)):
        return None
    # Not JSON; if the name is readable, tell the model its call was broken.
    if match := _NAME_IN_TEXT.search(text):
        return ToolCall(
            id=new_call_id(),
            name=match.group(1),
            arguments_error=(
                "the tool call is not valid JSON; call the tool again as "
                '{"name": "<tool>", "arguments": {...}}'
            ),
            raw_arguments=text,
        )
    return None


def recover_tool_calls(
    text: str, tool_names: Collection[str]
) -> tuple[str, list[ToolCall]]:
    """Return the text without the tool calls written into it, and the calls.

    Text with nothing recoverable comes back unchanged with no calls.
    """
    if TOOL_CALL_OPEN in text:
        rest, calls = _replace_tags(text, _TAGGED, lambda m: _tagged_call(m.group(1)))
        if calls:
            return rest, calls
    if FUNCTION_TAG_OPEN in text:
        rest, calls = _replace_tags(
            text, _FUNCTION_TAG, lambda m: make_tool_call(m.group(1), m.group(2))
        )
        if calls:
            return rest, calls
    stripped = text.strip()
    for prefix in CALL_PREFIXES:
        # The prefix says a call follows, so any name is taken.
        if stripped.startswith(prefix) and (
            prefixed := _calls_from_json(stripped.removeprefix(prefix).strip())
        ):
            return "", prefixed
    if not tool_names:
        return text, []
    calls_found = _calls_from_json(stripped)
    if calls_found and all(call.name in tool_names for call in calls_found):
        return "", calls_found
    if fence := _FENCE.search(stripped):
        calls_found = _calls_from_json(fence.group(1))
        if calls_found and all(call.name in tool_names for call in calls_found):
            remaining = stripped[: fence.start()] + stripped[fence.end() :]
            return remaining.strip(), calls_found
    return _embedded_call(text, tool_names)


def _replace_tags(
    text: str,
    pattern: re.Pattern[str],
    to_call: Callable[[re.Match[str]], ToolCall | None],
) -> tuple[str, list[ToolCall]]:
    """Return text without the tags that hold a call, and those calls."""
    calls: list[ToolCall] = []
    kept: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        call = to_call(match)
        if call is None:
            continue
        calls.append(call)
        kept.append(text[position : match.start()])
        position = match.end()
    kept.append(text[position:])
    return "".join(kept).strip(), calls


def _embedded_call(
    text: str, tool_names: Collection[str]
) -> tuple[str, list[ToolCall]]:
    """Find one call written as JSON inside prose ("Let me check: {...}")."""
    decoder = json.JSONDecoder()
    start = text.find("{")
    while start != -1:
        try:
            value, end = decoder.raw_decode(text, start)
        except ValueError, RecursionError:
            start = text.find("{", start + 1)
            continue
        call = _call_from_object(value)
        if call is not None and call.name in tool_names:
            remaining = (text[:start] + text[end:]).strip()
            return remaining, [call]
        start = text.find("{", end)
    return text, []


def _json_values(text: str) -> list[Any]:
    """Return every JSON object or list written in a text, outermost only."""
    decoder = json.JSONDecoder()
    values: list[Any] = []
    start = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
    while start != -1:
        try:
            value, end = decoder.raw_decode(text, start)
        except ValueError:
            end = start + 1
        else:
            values.append(value)
        starts = [i for i in (text.find("{", end), text.find("[", end)) if i >= 0]
        start = min(starts, default=-1)
    return values


# A tool's definition as the model repeats it, also when cut off mid-way
# (by the output limit): the name followed by a description or a schema.
_DEFINITION_TEXT = re.compile(
    r'"name"\s*:\s*"([\w.\-]+)"\s*,\s*(?:"description"\s*:|'
    r'"parameters"\s*:\s*\{\s*"(?:type"\s*:\s*"object|properties))'
)


def echoes_tools(text: str, tool_names: Collection[str]) -> bool:
    """Return whether a text repeats the definition of an offered tool."""
    if any(m.group(1) in tool_names for m in _DEFINITION_TEXT.finditer(text)):
        return True
    for value in _json_values(text):
        for item in value if isinstance(value, list) else [value]:
            if not is_tool_definition(item):
                continue
            definition = item.get("function", item)
            if isinstance(definition, dict) and definition.get("name") in tool_names:
                return True
    return False


class ToolCallTextFilter:
    """Streams text while holding back what may be a tool call written as text.

    Text is passed on as it comes until something that may start a call
    appears (`{`, a code fence, `<tool_call>` — or a partial tag at the end of
    a chunk); from there on everything is held and judged by `finish` when the
    answer is complete. Held text that is no call is then passed on as is.
    """

    def __init__(self, tool_names: Collection[str]) -> None:
        """Prepare to filter one answer."""
        self._tool_names = tool_names
        self._pending = ""  # may still turn out to start a trigger
        self._held: list[str] = []
        self._holding = False
        self._started = False

    @classmethod
    def for_request(cls, options: ChatOptions, *, enabled: bool) -> Self | None:
        """Return a filter for an answer that may write calls as text, or None.

        None when recovery is off, no tools are offered, or a JSON answer is
        asked for (its braces are the answer, not a call).
        """
        tools = options.get("tools")
        if not enabled or not tools or options.get("response_format") is not None:
            return None
        return cls({tool.name for tool in tools})

    def feed(self, chunk: str) -> str:
        """Take the next piece of the answer; return the text safe to show."""
        if self._holding:
            self._held.append(chunk)
            return ""
        text = self._pending + chunk
        self._pending = ""
        if not self._started:
            stripped = text.lstrip()
            if not stripped:
                self._pending = text
                return ""
            self._started = True
            if stripped.startswith("["):
                self._holding = True
                self._held.append(text)
                return ""
        cut = min(
            (
                index
                for trigger in STREAM_TRIGGERS
                if (index := text.find(trigger)) >= 0
            ),
            default=-1,
        )
        if cut >= 0:
            self._holding = True
            self._held.append(text[cut:])
            return text[:cut]
        keep = _partial_trigger_suffix(text)
        if keep:
            self._pending = text[-keep:]
            return text[:-keep]
        return text

    def finish(self) -> tuple[str, list[ToolCall]]:
        """Return the rest of the text to show and the calls found in it.

        Raises LLMModelOutputError when the held text repeats the tool
        definitions (a small model echoing its prompt) and holds no call.
        """
        held = self._pending + "".join(self._held)
        self._pending = ""
        self._held = []
        if not self._holding:
            return held, []
        text, calls = recover_tool_calls(held, self._tool_names)
        if not calls and echoes_tools(text, self._tool_names):
            raise LLMModelOutputError(
                "the model repeated its tool definitions instead of answering"
            )
        return text, calls


def _partial_trigger_suffix(text: str) -> int:
    """Return how many last characters of text could begin a trigger."""
    longest = 0
    for trigger in STREAM_TRIGGERS:
        for size in range(min(len(trigger) - 1, len(text)), longest, -1):
            if text.endswith(trigger[:size]):
                longest = size
                break
    return longest
