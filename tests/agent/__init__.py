"""Tests of the agent: tools, instant answers, media requests."""
