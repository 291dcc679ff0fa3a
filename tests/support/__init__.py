"""Servers and helpers the tests, the demo and the benchmark talk to."""
