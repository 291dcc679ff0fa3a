"""Tests of the Sonarr and Radarr clients, their simulators and the contract."""
