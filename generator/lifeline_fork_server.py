"""Imported by the fork server first, before the engines (parallel.start_fork_server): it dies with
the command from then on. Nothing else imports it."""
from generator.lifeline import guard_fork_server

guard_fork_server()
