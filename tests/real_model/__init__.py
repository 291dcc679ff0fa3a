"""Tests against a real llama-server with a real small model."""
