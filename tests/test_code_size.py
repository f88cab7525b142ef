"""Every Python file stays short enough to read whole, every function short enough to
hold in one's head: a file that grows past the limit gets split by concern."""

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
# Modules that are data, not code: long lists a reader scans rather than reads.
DATA_LISTS = {"bench/names.py"}
# Not the project's code: the virtualenv, caches, generated files.
SKIPPED_DIRECTORIES = {"migrations", "__pycache__", "node_modules", "staticfiles"}


def python_files():
    for directory, subdirectories, files in os.walk(ROOT):
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if not name.startswith(".") and name not in SKIPPED_DIRECTORIES
        )
        for name in sorted(files):
            path = Path(directory) / name
            if name.endswith(".py") and path.relative_to(ROOT).as_posix() not in DATA_LISTS:
                yield path


def test_no_python_file_is_longer_than_400_lines():
    too_long = []
    for path in python_files():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_FILE_LINES:
            too_long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not too_long, f"over {MAX_FILE_LINES} lines:\n" + "\n".join(too_long)


def test_no_function_is_longer_than_60_lines():
    too_long = []
    for path in python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    too_long.append(
                        f"{path.relative_to(ROOT)}:{node.lineno} {node.name}(): {lines} lines"
                    )
    assert not too_long, f"over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(too_long)
