"""Failed-download recovery: detection, classification, strategy, bookkeeping.

Plain logic on top of the arr clients; no Home Assistant imports. The Home
Assistant glue is `recovery_manager.py`.
"""
