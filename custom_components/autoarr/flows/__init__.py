"""AutoArr's config flows, by job.

`hub.py` sets the hub up (models, services) with `reauth.py`'s steps;
`service.py` adds or changes a service of any kind of the registry;
`agent.py` adds or changes a conversation or AI task agent; `common.py` and
`providers.py` hold what they share. `config_flow.py`, the module Home
Assistant loads, exposes the hub's flow.
"""
