"""Recovering tool calls that small models write as text (with properties)."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.autoarr.llm_providers.errors import LLMModelOutputError
from custom_components.autoarr.llm_providers.tool_calls import (
    ToolCallTextFilter,
    echoes_tools,
    is_tool_definition,
    make_tool_call,
    new_call_id,
    parse_arguments,
    recover_tool_calls,
)

TOOLS = {"get_queue", "search_movie", "pause_downloads"}

names = st.sampled_from(sorted(TOOLS))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
arguments = st.dictionaries(st.text(max_size=10), json_values, max_size=4)


def render(name: str, args: dict[str, Any], style: str) -> str:
    """Write a call the way a small model might."""
    call = {"name": name, "arguments": args}
    if style == "plain":
        return json.dumps(call)
    if style == "tagged":
        return f"<tool_call>\n{json.dumps(call)}\n</tool_call>"
    if style == "unclosed":
        return f"<tool_call>{json.dumps(call)}"
    if style == "brace-short":
        # The last brace left off, as Qwen2.5-Coder 0.5B often writes a call.
        return json.dumps(call)[:-1]
    if style == "tagged-brace-short":
        return f"<tool_call>\n{json.dumps(call)[:-1]}\n</tool_call>"
    if style == "fenced":
        return f"```json\n{json.dumps({'name': name, 'parameters': args})}\n```"
    if style == "string-args":
        return json.dumps({"name": name, "arguments": json.dumps(args)})
    if style == "openai":
        return json.dumps(
            {
                "type": "function",
                "function": {"name": name, "arguments": json.dumps(args)},
            }
        )
    if style == "list":
        return json.dumps([call])
    if style == "python-tag":
        return "<|python_tag|>" + json.dumps({"name": name, "parameters": args})
    if style == "mistral":
        return "[TOOL_CALLS] " + json.dumps([call])
    if style == "function-tag":
        return f"<function={name}>{json.dumps(args)}</function>"
    assert style == "prose"
    return f"Let me check that for you. {json.dumps(call)}"


STYLES = [
    "plain",
    "tagged",
    "unclosed",
    "brace-short",
    "tagged-brace-short",
    "fenced",
    "string-args",
    "openai",
    "list",
    "prose",
]


@settings(max_examples=100, deadline=None)
@given(name=names, args=arguments, style=st.sampled_from(STYLES))
def test_every_style_is_recovered(name: str, args: dict[str, Any], style: str) -> None:
    """Whatever way the call is written, name and arguments come back intact."""
    text, calls = recover_tool_calls(render(name, args, style), TOOLS)
    assert [(c.name, c.arguments, c.arguments_error) for c in calls] == [
        (name, args, None)
    ]
    expected_text = "Let me check that for you." if style == "prose" else ""
    assert text == expected_text


@settings(max_examples=100, deadline=None)
@given(
    name=names,
    args=arguments,
    style=st.sampled_from(STYLES),
    cut=st.integers(min_value=1, max_value=40),
)
def test_streaming_filter_agrees_with_the_parser(
    name: str, args: dict[str, Any], style: str, cut: int
) -> None:
    """Fed in any chunking, the filter shows no call text and finds the call."""
    text = render(name, args, style)
    text_filter = ToolCallTextFilter(TOOLS)
    shown = "".join(
        text_filter.feed(text[i : i + cut]) for i in range(0, len(text), cut)
    )
    rest, calls = text_filter.finish()
    assert [(c.name, c.arguments) for c in calls] == [(name, args)]
    assert "name" not in shown
    assert (shown + rest).strip() == (
        "Let me check that for you." if style == "prose" else ""
    )


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(alphabet=st.characters(blacklist_characters="{[<`"), max_size=200),
    cut=st.integers(1, 30),
)
def test_plain_prose_passes_through_unchanged(text: str, cut: int) -> None:
    """Text that cannot hold a call is streamed as is, nothing held back."""
    assert recover_tool_calls(text, TOOLS) == (text, [])
    text_filter = ToolCallTextFilter(TOOLS)
    shown = "".join(
        text_filter.feed(text[i : i + cut]) for i in range(0, len(text), cut)
    )
    rest, calls = text_filter.finish()
    assert (shown + rest, calls) == (text, [])


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300), cut=st.integers(1, 30))
def test_never_raises_and_never_loses_text(text: str, cut: int) -> None:
    """On arbitrary text the filter never fails, and loses nothing without a call."""
    text_filter = ToolCallTextFilter(TOOLS)
    shown = "".join(
        text_filter.feed(text[i : i + cut]) for i in range(0, len(text), cut)
    )
    rest, calls = text_filter.finish()
    if not calls:
        assert shown + rest == text


def test_unknown_names_in_bare_json_are_text() -> None:
    """Bare JSON naming no offered tool is an answer, not a call."""
    text = '{"name": "Alien", "arguments": {}}'
    assert recover_tool_calls(text, TOOLS) == (text, [])
    assert recover_tool_calls(text, set()) == (text, [])
    fenced = 'Here:\n```json\n{"name": "Alien"}\n```'
    assert recover_tool_calls(fenced, TOOLS) == (fenced, [])


def test_only_brackets_left_open_at_the_end_are_closed() -> None:
    """A call one brace short is read; JSON broken otherwise is not."""
    short = '{"name": "get_queue", "arguments": {"name": "a}{\\"b"}'
    _text, calls = recover_tool_calls(short, TOOLS)
    assert [(c.name, c.arguments) for c in calls] == [("get_queue", {"name": 'a}{"b'})]
    for broken in (
        '{"name": "get_queue", "arguments": {]',
        '{"name": "get_queue", "arguments": {"a": "b',
        '{"name": "get_queue", "arguments": {"a": }',
    ):
        assert recover_tool_calls(broken, TOOLS) == (broken, [])


def test_tags_are_taken_whatever_the_name() -> None:
    """Inside <tool_call> the intent is explicit: unknown names are calls too."""
    _, calls = recover_tool_calls(
        '<tool_call>{"name": "delete_everything"}</tool_call>', TOOLS
    )
    assert [(c.name, c.arguments) for c in calls] == [("delete_everything", {})]


def test_several_tagged_calls_and_the_text_around_them() -> None:
    """Each tag is one call; text outside the tags is kept."""
    text = (
        'First <tool_call>{"name": "get_queue"}</tool_call> then '
        '<tool_call>{"name": "search_movie", "arguments": {"title": "Alien"}}</tool_call> done'
    )
    rest, calls = recover_tool_calls(text, TOOLS)
    assert rest == "First  then  done"
    assert [(c.name, c.arguments) for c in calls] == [
        ("get_queue", {}),
        ("search_movie", {"title": "Alien"}),
    ]


def test_broken_tagged_call_is_returned_as_a_tool_error() -> None:
    """A tag with broken JSON but a readable name becomes an error for the model."""
    rest, calls = recover_tool_calls(
        '<tool_call>{"name": "search_movie", "arguments": {"title": Alien}}</tool_call>',
        TOOLS,
    )
    (call,) = calls
    assert (rest, call.name, call.arguments) == ("", "search_movie", {})
    assert call.arguments_error is not None and "not valid JSON" in call.arguments_error
    assert call.raw_arguments is not None and "Alien" in call.raw_arguments
    # Fenced inside the tag works as well.
    _, fenced = recover_tool_calls(
        '<tool_call>```json\n{"name": "get_queue"}\n```</tool_call>', TOOLS
    )
    assert [c.name for c in fenced] == ["get_queue"]


def test_tag_without_a_readable_call_is_left_as_text() -> None:
    """A tag with nothing usable in it stays text (the user sees it)."""
    text = "<tool_call>no idea</tool_call>"
    assert recover_tool_calls(text, TOOLS) == (text, [])


def test_json_list_with_a_non_call_is_no_call() -> None:
    """A list is taken only when every item is a call."""
    text = '[{"name": "Alien"}, 3]'
    assert recover_tool_calls(text, TOOLS) == (text, [])
    assert recover_tool_calls("[]", TOOLS) == ("[]", [])


def test_prose_with_json_that_is_no_call() -> None:
    """Embedded JSON naming no tool and broken braces are left alone."""
    text = 'Stats {"name": "x"} and {broken and {"tool": "get_queue", "args": {"a": 1}} end'
    rest, calls = recover_tool_calls(text, TOOLS)
    assert [(c.name, c.arguments) for c in calls] == [("get_queue", {"a": 1})]
    assert rest == 'Stats {"name": "x"} and {broken and  end'


@pytest.mark.parametrize(
    ("raw", "arguments", "error"),
    [
        ({"a": 1}, {"a": 1}, None),
        (None, {}, None),
        ("  ", {}, None),
        ('{"a": 1}', {"a": 1}, None),
        ('```json\n{"a": 1}\n```', {"a": 1}, None),
        ('"{\\"a\\": 1}"', {"a": 1}, None),
        ('""', {}, None),
        ("[1, 2]", {}, "must be a JSON object, not list"),
        ("{'a': 1}", {}, "not valid JSON"),
        (42, {}, "must be a JSON object, not int"),
    ],
)
def test_parse_arguments(
    raw: Any, arguments: dict[str, Any], error: str | None
) -> None:
    """Arguments in any accepted form; anything else says what is wrong."""
    parsed, problem = parse_arguments(raw)
    assert parsed == arguments
    if error is None:
        assert problem is None
    else:
        assert problem is not None and error in problem


def test_make_tool_call_keeps_raw_arguments_only_on_error() -> None:
    """raw_arguments is set only when the arguments could not be used."""
    good = make_tool_call("get_queue", '{"a": 1}', "id1")
    assert (good.id, good.raw_arguments) == ("id1", None)
    bad = make_tool_call("get_queue", 42)
    assert bad.raw_arguments == "42"
    assert re.fullmatch("[A-Za-z0-9]{9}", bad.id)


def test_filter_holds_a_partial_tag_across_chunks() -> None:
    """ "<tool" at a chunk's end is held until the next chunk decides."""
    text_filter = ToolCallTextFilter(TOOLS)
    assert text_filter.feed("Sure <tool") == "Sure "
    assert text_filter.feed("box is here") == "<toolbox is here"
    assert text_filter.feed(" and `") == " and "
    assert text_filter.feed("x`") == "`x"
    assert text_filter.finish() == ("`", [])


def test_filter_with_only_whitespace() -> None:
    """Leading whitespace is kept until there is something to judge."""
    text_filter = ToolCallTextFilter(TOOLS)
    assert text_filter.feed("  ") == ""
    assert text_filter.finish() == ("  ", [])


def test_prefixes_and_function_tags_take_any_name() -> None:
    """After <|python_tag|>, [TOOL_CALLS] or in <function=...>, names are free."""
    _, calls = recover_tool_calls(
        '<|python_tag|>{"name": "other_tool", "parameters": {}}', TOOLS
    )
    assert [c.name for c in calls] == ["other_tool"]
    rest, calls = recover_tool_calls(
        'Checking. <function=search_movie>{"title": Alien}</function>', TOOLS
    )
    assert rest == "Checking."
    (call,) = calls
    assert (call.name, call.arguments_error is not None) == ("search_movie", True)
    # A prefix followed by no call is left as text.
    assert recover_tool_calls("[TOOL_CALLS] nothing", TOOLS) == (
        "[TOOL_CALLS] nothing",
        [],
    )
    # An unfinished function tag is text too.
    assert recover_tool_calls("write <function= then", TOOLS) == (
        "write <function= then",
        [],
    )


def test_recovered_call_ids_are_nine_alphanumerics() -> None:
    """Ids every common chat template accepts (Mistral's: exactly 9 of [A-Za-z0-9])."""
    ids = {new_call_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(re.fullmatch("[A-Za-z0-9]{9}", call_id) for call_id in ids)
    _, calls = recover_tool_calls('{"name": "get_queue", "arguments": {}}', TOOLS)
    assert re.fullmatch("[A-Za-z0-9]{9}", calls[0].id)


ECHOED_LIST = json.dumps(
    [
        {
            "type": "function",
            "function": {
                "name": "get_queue",
                "description": "List what is downloading.",
                "parameters": {"type": "object", "properties": {}},
            },
        },
        {
            "name": "search_movie",
            "description": "Search.",
            "parameters": {
                "type": "object",
                "properties": {"title": {"type": "string"}},
            },
        },
    ]
)


@pytest.mark.parametrize(
    "text",
    [
        ECHOED_LIST,
        f"Here are my tools: {ECHOED_LIST}",
        json.dumps(json.loads(ECHOED_LIST)[1]),
        f"<tool_call>{json.dumps(json.loads(ECHOED_LIST)[0])}</tool_call>",
        # Cut off by the output limit: no complete JSON.
        ECHOED_LIST[:120],
    ],
    ids=["list", "in-prose", "one-definition", "tagged", "cut-off"],
)
def test_echoed_tool_definitions_are_not_calls(text: str) -> None:
    """A repeated tool list is no call: no tool runs with a schema as arguments."""
    rest, calls = recover_tool_calls(text, TOOLS)
    assert calls == []
    assert is_tool_definition(json.loads(ECHOED_LIST)[0])
    text_filter = ToolCallTextFilter(TOOLS)
    shown = text_filter.feed(text)
    assert "get_queue" not in shown
    with pytest.raises(LLMModelOutputError, match="repeated its tool definitions"):
        text_filter.finish()
    assert rest


def test_parameters_that_are_arguments_still_make_a_call() -> None:
    """ "parameters" holding plain values is a call (some models name it so)."""
    _, calls = recover_tool_calls(
        '{"name": "search_movie", "parameters": {"title": "Alien"}}', TOOLS
    )
    assert [(c.name, c.arguments) for c in calls] == [
        ("search_movie", {"title": "Alien"})
    ]
    assert not echoes_tools('{"name": "other", "description": "x"}', TOOLS)
