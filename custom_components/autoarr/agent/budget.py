"""Tool results kept within a token budget.

A model on a home CPU reads 10 to 40 prompt tokens a second, and every tool
result is read on every later round of the turn. So a result the model gets
is never a dump: each list in it keeps its first few items, then fewer until
the whole result fits the budget; what was left out is counted, with a hint
saying how to ask for it (a shorter time window, a name). The services'
actions for automations are not cut: only what a model reads is.
"""

from __future__ import annotations

from collections.abc import Mapping
import json
import math
from typing import Any, Final

# The most tokens a tool result may take.
TOOL_RESULT_TOKENS: Final = 300
# No list in a result shows more items than this.
MAX_ITEMS: Final = 8
# The key every tool result's data is sent under (see llm_api.py): what is
# inside comes from the services (titles, overviews, messages) and is data,
# never instructions.
ENVELOPE: Final = "service_data"
# Words and JSON punctuation tokenize at about 3.2 to 4 characters a token;
# 3 errs on the safe side. Digits and characters outside ASCII are counted a
# token each: the tokenizers of Gemma, Llama 2 and Mistral split numbers into
# digits, so a result of dates and times takes twice the tokens of its words.
CHARS_PER_TOKEN: Final = 3


def sent_text(data: Any) -> str:
    """Return a result's data as its text sent to the model: compact JSON."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, default=str)


def estimate_tokens(data: Any) -> int:
    """Return an upper estimate of the tokens of a result's data as sent.

    The data is measured as the model gets it, in its envelope.
    """
    text = sent_text({ENVELOPE: data})
    single = sum(char.isdigit() or not char.isascii() for char in text)
    return single + math.ceil((len(text) - single) / CHARS_PER_TOKEN)


def within_budget(
    data: Mapping[str, Any],
    *,
    hint: str | None = None,
    budget: int = TOOL_RESULT_TOKENS,
) -> dict[str, Any]:
    """Return a result whose lists are cut to fit the budget.

    When items were left out, `omitted` counts them per list and `hint`
    (when given) says how to ask for them.
    """
    result = dict(data)
    totals = {
        key: len(value)
        for key, value in result.items()
        if isinstance(value, list) and value
    }
    for key in totals:
        result[key] = list(result[key][:MAX_ITEMS])
    while estimate_tokens(_annotated(result, totals, hint)) > budget:
        longest = max(totals, key=lambda key: len(result[key]), default=None)
        if longest is None or len(result[longest]) <= 1:
            break
        result[longest].pop()
    return _annotated(result, totals, hint)


def _annotated(
    result: dict[str, Any], totals: Mapping[str, int], hint: str | None
) -> dict[str, Any]:
    omitted = {
        key: total - len(result[key])
        for key, total in totals.items()
        if total > len(result[key])
    }
    if not omitted:
        return result
    annotated = {**result, "omitted": omitted}
    if hint:
        annotated["hint"] = hint
    return annotated
