"""Regenerate translations/en.json and keep every language complete.

Run it with scripts/translations. `strings.json` is the source of the English
strings, as in Home Assistant core; `translations/en.json` is generated from
it, and every other `translations/<language>.json` is written by hand.

A custom integration's translations are loaded as they are: Home Assistant
resolves `[%key:...%]` references only when it builds its own integrations.
So the English file is written with each reference replaced by the text it
names (a key of this integration, `component::autoarr::...`, or one of Home
Assistant's common strings, `common::...`), and no language file may keep
one.

Each language must have exactly the keys of English (none missing, none
extra), and each of its strings the same `{placeholders}` as the English
one. Any problem is listed and the script exits with status 1.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Mapping
import json
from pathlib import Path
import re
import sys
from typing import Any

COMPONENT = Path(__file__).resolve().parent.parent / "custom_components" / "autoarr"
DOMAIN = "autoarr"
REFERENCE = re.compile(r"\[%key:([a-z0-9_:.-]+)%\]", re.IGNORECASE)
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def flatten(node: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """Yield (dotted key, text) for every string of a translation tree."""
    for key, value in node.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            yield from flatten(value, path)
        else:
            yield path, value


def common_strings() -> dict[str, str]:
    """Return Home Assistant's common strings by their dotted key.

    They come with the installed `homeassistant` package; without it, a
    `common::` reference is reported as unresolved.
    """
    try:
        import homeassistant
    except ImportError:
        return {}
    source = Path(homeassistant.__file__).parent / "strings.json"
    if not source.is_file():
        return {}
    return dict(flatten(json.loads(source.read_text(encoding="utf-8"))))


def _resolve(
    text: str, own: Mapping[str, str], common: Mapping[str, str], seen: tuple[str, ...]
) -> tuple[str, list[str]]:
    problems: list[str] = []

    def replace(match: re.Match[str]) -> str:
        reference = match.group(1)
        parts = reference.split("::")
        if parts[0] == "component" and len(parts) > 2 and parts[1] == DOMAIN:
            table, key = own, ".".join(parts[2:])
        elif parts[0] == "common":
            table, key = common, ".".join(parts)
        else:
            problems.append(f"reference to another integration: {match.group(0)}")
            return match.group(0)
        if key in seen:
            problems.append(f"reference loop: {match.group(0)}")
            return match.group(0)
        if key not in table:
            problems.append(f"unresolved reference: {match.group(0)}")
            return match.group(0)
        resolved, inner = _resolve(table[key], own, common, (*seen, key))
        problems.extend(inner)
        return resolved

    return REFERENCE.sub(replace, text), problems


def resolve_references(
    strings: dict[str, Any], common: Mapping[str, str]
) -> tuple[dict[str, Any], list[str]]:
    """Return the strings with every reference replaced, and the problems."""
    own = dict(flatten(strings))
    problems: list[str] = []

    def walk(node: dict[str, Any], prefix: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in node.items():
            path = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict):
                out[key] = walk(value, path)
            else:
                out[key], found = _resolve(value, own, common, (path,))
                problems.extend(f"strings.json {path}: {p}" for p in found)
        return out

    return walk(strings, ""), problems


def placeholders(text: str) -> set[str]:
    """Return the names of the `{placeholders}` of a string."""
    return set(PLACEHOLDER.findall(text))


def check_language(
    name: str, english: Mapping[str, Any], other: Mapping[str, Any]
) -> list[str]:
    """Return what keeps one language file from matching English."""
    reference = dict(flatten(english))
    texts = dict(flatten(other))
    problems = [f"{name}: missing key {key}" for key in reference if key not in texts]
    problems += [f"{name}: extra key {key}" for key in texts if key not in reference]
    for key, text in texts.items():
        if not isinstance(text, str):
            problems.append(f"{name}: {key} is not a string")
            continue
        if key not in reference:
            continue
        if not text.strip():
            problems.append(f"{name}: {key} is empty")
        if REFERENCE.search(text):
            problems.append(f"{name}: {key} keeps a reference: write the text")
        wanted, found = placeholders(reference[key]), placeholders(text)
        if wanted != found:
            problems.append(
                f"{name}: {key} has placeholders {sorted(found)}, English {sorted(wanted)}"
            )
    return problems


def check(component: Path = COMPONENT) -> list[str]:
    """Return every problem of the language files of a component.

    English is `translations/en.json` (generated from strings.json); every
    other file of `translations/` is a language checked against it.
    """
    folder = component / "translations"
    english = json.loads((folder / "en.json").read_text(encoding="utf-8"))
    problems: list[str] = []
    for path in sorted(folder.glob("*.json")):
        if path.name == "en.json":
            continue
        try:
            other = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as err:
            problems.append(f"{path.stem}: not valid JSON: {err}")
            continue
        problems += check_language(path.stem, english, other)
    return problems


def generate_english(component: Path = COMPONENT) -> list[str]:
    """Write translations/en.json from strings.json; return the problems."""
    strings = json.loads((component / "strings.json").read_text(encoding="utf-8"))
    resolved, problems = resolve_references(strings, common_strings())
    folder = component / "translations"
    folder.mkdir(exist_ok=True)
    (folder / "en.json").write_text(
        json.dumps(resolved, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return problems


def main(argv: list[str] | None = None) -> int:
    """Regenerate English and check every language; 1 when anything is wrong."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--component", type=Path, default=COMPONENT, help="the integration's folder"
    )
    args = parser.parse_args(argv)
    problems = generate_english(args.component)
    print("translations/en.json updated.")
    problems += check(args.component)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} translation problem(s).", file=sys.stderr)
        return 1
    languages = sorted(p.stem for p in (args.component / "translations").glob("*.json"))
    print(f"Complete: {', '.join(languages)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
