"""The server the shell tests start: the real app in a real uvicorn (see live_server.py)."""

from .live_server import LiveServer as Server

__all__ = ["Server"]
