"""Greets by name over HTTP: a served function with an init function that keeps state."""

import os
import threading


def init(context, greeting="Hello"):
    """Runs once per process before the first request: stores the greeting and a counter."""
    if not isinstance(greeting, str) or not greeting.strip():
        raise ValueError("greeting must be a non-empty string")
    context.greeting = greeting.strip()
    context.max_name = int(os.environ.get("GREETER_MAX_NAME", "64"))
    context.lock = threading.Lock()
    context.served = 0


def handler(context, event):
    """Answers {"message": "<greeting>, <name>!", "served": n}; the name comes from the JSON body or ?name=."""
    body = event.body if isinstance(event.body, dict) else {}
    name = body.get("name") or event.query.get("name") or "world"
    if not isinstance(name, str):
        return 400, {"error": "name must be a string"}
    name = name.strip()[: context.max_name] or "world"
    with context.lock:
        context.served += 1
        served = context.served
    return {"message": "%s, %s!" % (context.greeting, name), "served": served}
