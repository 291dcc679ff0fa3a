"""Best-practice audit of the stack: rules, findings, score and safe fixes.

Plain logic on top of the arr clients; no Home Assistant imports.
"""
