"""The code keeps the shape its README promises: small modules, short functions, thin handlers.

A long function hides a workflow that belongs in a service; a long module mixes concerns the
folder tree should tell apart. Measured on the source with `ast`, so a new offender fails here
instead of in a reviewer's eye.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "commands", "storage")
SKIPPED_DIRECTORIES = (ROOT / "storage" / "migrations",)

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
MAX_HANDLER_LINES = 15

Function = ast.FunctionDef | ast.AsyncFunctionDef


def modules() -> Iterator[tuple[str, ast.Module, int]]:
    """Every module of the packages measured: its path from the root, its tree, its lines."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if any(path.is_relative_to(skipped) for skipped in SKIPPED_DIRECTORIES):
                continue
            name = path.relative_to(ROOT).as_posix()
            text = path.read_text(encoding="utf-8")
            yield name, ast.parse(text, filename=name), len(text.splitlines())


def length(function: Function) -> int:
    """Lines from ``def`` to the function's last line (decorators not counted)."""
    assert function.end_lineno is not None
    return function.end_lineno - function.lineno + 1


def functions(tree: ast.Module) -> Iterator[Function]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def is_command_handler(function: Function) -> bool:
    """Registered by ``@command(...)`` (the registry's decorator)."""
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Name) and target.id == "command":
            return True
        if isinstance(target, ast.Attribute) and target.attr == "command":
            return True
    return False


def test_the_measured_packages_are_found() -> None:
    names = [name for name, _, _ in modules()]
    assert "bot/app.py" in names and "commands/aide.py" in names
    assert not any(name.startswith("storage/migrations/") for name in names)


def test_no_module_is_over_400_lines() -> None:
    long = {name: lines for name, _, lines in modules() if lines > MAX_MODULE_LINES}
    assert long == {}


def test_no_function_is_over_60_lines() -> None:
    long = {
        f"{name}:{function.lineno} {function.name}": length(function)
        for name, tree, _ in modules()
        for function in functions(tree)
        if length(function) > MAX_FUNCTION_LINES
    }
    assert long == {}


def test_no_command_handler_is_over_15_lines() -> None:
    long = {
        f"{name}:{function.lineno} {function.name}": length(function)
        for name, tree, _ in modules()
        if name.startswith("commands/")
        for function in functions(tree)
        if is_command_handler(function) and length(function) > MAX_HANDLER_LINES
    }
    assert long == {}


def test_handlers_are_recognised() -> None:
    """The handler rule measures something: the command modules declare many handlers."""
    handlers = [
        function
        for name, tree, _ in modules()
        if name.startswith("commands/")
        for function in functions(tree)
        if is_command_handler(function)
    ]
    assert len(handlers) >= 40
