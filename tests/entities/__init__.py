"""Tests of AutoArr's entities against the simulators and the real SABnzbd."""
