"""Tests over the real-payload corpus in tests/fixtures/real."""
