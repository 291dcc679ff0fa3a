"""Tests of failed-download recovery."""
