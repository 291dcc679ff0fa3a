"""Typed async clients for Sonarr, Radarr and SABnzbd.

A plain library: it imports nothing from Home Assistant and works on any
aiohttp session handed to it.
"""
