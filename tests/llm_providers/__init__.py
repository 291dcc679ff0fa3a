"""Tests of the language model provider layer (custom_components.autoarr.llm_providers)."""
