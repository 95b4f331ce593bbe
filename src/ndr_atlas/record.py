"""A plain record: equality and a readable repr from its attributes, as a dataclass gives them,
without importing dataclasses (with inspect, ast and dis) at every start of the CLI."""

from __future__ import annotations


class Record:
    """Equal when of the same class with equal attributes; unhashable, like a mutable dataclass."""

    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(self) == vars(other)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in vars(self).items())
        return f"{type(self).__name__}({fields})"
