"""The local web app: FastAPI + Jinja2 + htmx, served by `amends serve` on loopback."""
