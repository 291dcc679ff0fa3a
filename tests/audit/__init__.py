"""Tests of the best-practice audit."""
