"""AutoArr's config flows, by job.

`hub.py` sets the hub up (services) with the language model steps of
`models.py` (every model optional; reconfigure adds, changes or removes
them) and `reauth.py`'s steps; `service.py` adds or changes a service of any
kind of the registry; `agent.py` adds or changes a conversation or AI task
agent, with its model options from `agent_models.py`; `common.py` and
`providers.py` hold what they share. `config_flow.py`, the module Home
Assistant loads, exposes the hub's flow.
"""
