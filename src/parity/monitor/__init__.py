"""`parity monitor`: run the checks on a schedule, keep their history, alert on changes.

`loop.monitor` drives the schedule; `state` decides when a check is down or has recovered (pure);
`alerts` tells a Slack-compatible webhook; `metrics` serves Prometheus metrics; `store` keeps
recent results in memory and, optionally, as JSON lines in a file.
"""
