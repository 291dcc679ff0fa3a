"""The English strings: generated correctly, and complete for the config flow.

What the config flow can show (errors, aborts, steps, menus, progress,
selectors) is read from its code: the error tables it maps exceptions with,
and, from its syntax tree, the literal keys each flow class passes to Home
Assistant. Each must have a string in the section of that flow (`config`
for the hub, `config_subentries.<type>` for a subentry flow). The flow tests
additionally check every result they produce (tests/config_flow/conftest.py).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
import inspect
import json
from pathlib import Path
import re
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import translation
import pytest

from custom_components.autoarr import config_flow, const
from custom_components.autoarr.arr.kinds import SPECS
from custom_components.autoarr.config_flow import AutoArrConfigFlow
from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.flows import (
    agent,
    common,
    hub,
    models,
    providers,
    reauth,
    service,
)
from custom_components.autoarr.flows.providers import PROVIDERS
from custom_components.autoarr.service_kinds import support_of
from custom_components.autoarr.validation import ARR_ERRORS, LLM_ERRORS, UNKNOWN_ERROR
from scripts import translations as translations_script

COMPONENT = Path(config_flow.__file__).parent
STRINGS = json.loads((COMPONENT / "strings.json").read_text(encoding="utf-8"))
# The hub's subentry types do not depend on the entry: None stands in for it.
SUBENTRY_FLOWS = AutoArrConfigFlow.async_get_supported_subentry_types(None)  # type: ignore[arg-type]
# The modules of the config flows (config_flow.py exposes the hub's flow).
FLOW_MODULES = (common, providers, hub, models, reauth, service, agent)
CLASSES = {
    node.name: node
    for module in FLOW_MODULES
    for node in ast.parse(inspect.getsource(module)).body
    if isinstance(node, ast.ClassDef)
}
# The hub's flow and the classes it is made of (its reauth steps).
HUB_CLASSES = {cls.__name__ for cls in AutoArrConfigFlow.__mro__}
# Home Assistant's own reason of `_abort_if_unique_id_configured`.
UNIQUE_ID_ABORT = "already_configured"


def sections_of(class_name: str) -> list[dict[str, Any]]:
    """Return the translation sections a flow class shows its strings from."""
    if class_name in HUB_CLASSES:
        return [STRINGS["config"]]
    return [
        STRINGS["config_subentries"][kind]
        for kind, flow in SUBENTRY_FLOWS.items()
        if flow.__name__ == class_name
    ]


def _value(node: ast.expr) -> list[str]:
    """Return the strings an expression stands for, when they are knowable."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and (
        module := next((m for m in FLOW_MODULES if hasattr(m, node.id)), None)
    ):
        value = getattr(module, node.id)
        if isinstance(value, str):
            return [value]
        if isinstance(value, tuple | list):
            return [item for item in value if isinstance(item, str)]
    if isinstance(node, ast.List | ast.Tuple):
        return [text for item in node.elts for text in _value(item)]
    if isinstance(node, ast.Starred):
        return _value(node.value)
    return []


def _calls(tree: ast.AST, method: str) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == method
        ):
            yield node


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def literal_errors(tree: ast.AST) -> set[str]:
    """Return the literal error keys a flow class sets (errors[...] = "key")."""
    keys: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Subscript)
            and isinstance(target.value, ast.Name)
            and target.value.id == "errors"
            for target in node.targets
        ):
            keys.update(_value(node.value))
    return keys


def literal_aborts(tree: ast.AST) -> set[str]:
    """Return the abort reasons a flow class uses from its own strings."""
    reasons: set[str] = set()
    for call in _calls(tree, "async_abort"):
        reason = _keyword(call, "reason")
        if reason is not None and _keyword(call, "translation_domain") is None:
            reasons.update(_value(reason))
    if any(_calls(tree, "_abort_if_unique_id_configured")):
        reasons.add(UNIQUE_ID_ABORT)
    return reasons


def test_en_json_is_generated_from_strings_json() -> None:
    """translations/en.json is strings.json with its references resolved (run
    scripts/translations)."""
    generated = json.loads((COMPONENT / "translations" / "en.json").read_text("utf-8"))
    resolved, problems = translations_script.resolve_references(
        STRINGS, translations_script.common_strings()
    )
    assert not problems
    assert generated == resolved


def test_the_code_is_read() -> None:
    """The derivation finds what the flow shows (guards the test itself)."""
    assert literal_errors(CLASSES["AutoArrConfigFlow"]) >= {
        "invalid_url",
        "already_configured",
    }
    assert literal_errors(CLASSES["HubModelSteps"]) >= {
        "url_needed",
        "model_not_found",
        "model_needed",
    }
    assert literal_errors(CLASSES["AgentSubentryFlow"]) == {
        "provider_not_configured",
        "name_too_long",
    }
    assert literal_aborts(CLASSES["ServiceSubentryFlow"]) == {"already_configured"}
    hub_aborts = (
        literal_aborts(CLASSES["AutoArrConfigFlow"])
        | literal_aborts(CLASSES["HubReauthSteps"])
        | literal_aborts(CLASSES["HubModelSteps"])
    )
    assert hub_aborts == {"already_configured", "nothing_to_reauth"}


def test_mapped_errors_have_strings() -> None:
    """Every error the exception tables can produce is translated where shown."""
    arr_keys = {key for _, key in ARR_ERRORS} | {UNKNOWN_ERROR}
    llm_keys = {key for _, key in LLM_ERRORS} | {UNKNOWN_ERROR}
    hub_errors = STRINGS["config"]["error"]
    assert arr_keys | llm_keys <= hub_errors.keys()
    for kind in SPECS:
        assert arr_keys <= STRINGS["config_subentries"][kind]["error"].keys(), kind


@pytest.mark.parametrize("kind", list(SPECS))
def test_every_kind_has_strings(kind: str) -> None:
    """Each kind of the registry is offered, titled and labelled in the flows.

    The hub's services menu and its steps are built from the registry
    (`AutoArrConfigFlow.__getattr__`), where the static reading above cannot
    see them; so each kind is checked here.
    """
    hub_steps = STRINGS["config"]["step"]
    assert kind in hub_steps["services"]["menu_options"]
    assert hub_steps[kind]["data"].keys() >= {"name", "url", "verify_ssl"}
    subentry = STRINGS["config_subentries"][kind]
    assert subentry["step"].keys() >= {"user", "reconfigure"}
    assert subentry["entry_type"]
    key = support_of(kind).library_translation_key
    if key is not None:
        assert STRINGS["entity"]["sensor"][key]["name"]


@pytest.mark.parametrize(
    "class_name", sorted(name for name in CLASSES if sections_of(name))
)
def test_literal_keys_have_strings(class_name: str) -> None:
    """Each flow's literal errors, aborts, steps, menus and progress are translated."""
    tree = CLASSES[class_name]
    sections = sections_of(class_name)
    for section in sections:
        missing_errors = literal_errors(tree) - section.get("error", {}).keys()
        assert not missing_errors, f"{class_name}: errors {missing_errors}"
        missing_aborts = literal_aborts(tree) - section.get("abort", {}).keys()
        assert not missing_aborts, f"{class_name}: aborts {missing_aborts}"
        steps = section["step"]
        for method in ("async_show_form", "async_show_menu", "async_show_progress"):
            for call in _calls(tree, method):
                step_ids = _value(_keyword(call, "step_id") or ast.Constant(None))
                for step_id in step_ids:
                    assert step_id in steps, f"{class_name}: step {step_id}"
                    options = _keyword(call, "menu_options")
                    for option in _value(options) if options is not None else []:
                        assert option in steps[step_id].get("menu_options", {}), (
                            f"{class_name}: menu option {step_id}.{option}"
                        )
                action = _keyword(call, "progress_action")
                for name in _value(action) if action is not None else []:
                    assert name in section.get("progress", {}), name
        for call in _calls(tree, "async_show_progress_done"):
            for step_id in _value(_keyword(call, "next_step_id") or ast.Constant(None)):
                assert hasattr(AutoArrConfigFlow, f"async_step_{step_id}"), step_id


def test_provider_selector_options() -> None:
    """Every provider choice of the agents has a label."""
    providers = {
        value for name, value in vars(const).items() if name.startswith("PROVIDER_")
    }
    assert providers == set(STRINGS["selector"][const.CONF_PROVIDER]["options"])
    # The agent form offers "auto" and each provider of the table.
    assert {const.PROVIDER_AUTO, *(p.name for p in PROVIDERS)} == providers


def _steps() -> Iterator[tuple[str, str, dict[str, Any]]]:
    yield from (
        ("config", step_id, step) for step_id, step in STRINGS["config"]["step"].items()
    )
    for kind, section in STRINGS["config_subentries"].items():
        yield from (
            (f"config_subentries.{kind}", step_id, step)
            for step_id, step in section["step"].items()
        )


@pytest.mark.parametrize(
    ("section", "step_id", "step"),
    list(_steps()),
    ids=[f"{section}.{step_id}" for section, step_id, _ in _steps()],
)
def test_every_field_is_described(
    section: str, step_id: str, step: dict[str, Any]
) -> None:
    """Quality scale rule config-flow: every field has a label and a description."""
    assert step.get("data", {}).keys() == step.get("data_description", {}).keys()
    for text in (
        *step.get("data", {}).values(),
        *step.get("data_description", {}).values(),
    ):
        assert text.strip()
        assert not re.search(r"\[%key:", text), (
            "custom integrations cannot use references"
        )


def test_every_subentry_type_is_translated() -> None:
    """Each subentry type has its name and its add/reconfigure labels."""
    assert STRINGS["config_subentries"].keys() >= SUBENTRY_FLOWS.keys()
    for kind in SUBENTRY_FLOWS:
        section = STRINGS["config_subentries"][kind]
        assert section["entry_type"]
        assert section["initiate_flow"].keys() == {"user", "reconfigure"}


def _texts(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _texts(node=value)


def test_flow_strings_hold_no_urls() -> None:
    """Home Assistant wants addresses as placeholders, not inside strings."""
    for section in ("config", "config_subentries", "selector"):
        for text in _texts(STRINGS[section]):
            assert not re.search(r"\bhttps?://", text), text


async def test_home_assistant_loads_the_strings(hass: HomeAssistant) -> None:
    """Home Assistant's own loader finds the flow's strings for the frontend."""
    config = await translation.async_get_translations(hass, "en", "config", [DOMAIN])
    assert (
        config[f"component.{DOMAIN}.config.step.user.title"]
        == (STRINGS["config"]["step"]["user"]["title"])
    )
    subentries = await translation.async_get_translations(
        hass, "en", "config_subentries", [DOMAIN]
    )
    assert (
        subentries[f"component.{DOMAIN}.config_subentries.sonarr.initiate_flow.user"]
        == (STRINGS["config_subentries"]["sonarr"]["initiate_flow"]["user"])
    )
    selector = await translation.async_get_translations(
        hass, "en", "selector", [DOMAIN]
    )
    assert selector[f"component.{DOMAIN}.selector.provider.options.auto"]
