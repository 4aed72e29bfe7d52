"""One build step on top of pyproject.toml: write the parser table (see spl/parser_table.py).

`pip install .` writes spl/parser_table.pickle into the built package; `pip install -e .` writes it
in place, next to spl/grammar.lark (it is git-ignored). Without it, as when tests run from a
checkout that was never built, the parser is built in memory at start-up instead.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
TABLE = Path("spl") / "parser_table.pickle"  # spl.parser_table.TABLE_NAME, in the package


def _parser_table():
    """spl/parser_table.py, loaded on its own: it needs only Lark, not the `spl` package."""
    spec = importlib.util.spec_from_file_location("_spl_parser_table",
                                                  HERE / "spl" / "parser_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildPyWithParserTable(build_py):
    """build_py, then the LALR parser serialized into the package."""

    def run(self) -> None:
        super().run()
        table = self._table_path()
        table.parent.mkdir(parents=True, exist_ok=True)
        _parser_table().write(table)

    def _table_path(self) -> Path:
        return HERE / TABLE if self.editable_mode else Path(self.build_lib) / TABLE

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if not self.editable_mode:
            outputs.append(str(self._table_path()))
        return outputs

    def get_output_mapping(self) -> dict[str, str]:
        mapping = super().get_output_mapping()
        if self.editable_mode:  # written in place, in the source tree
            mapping[str(Path(self.build_lib) / TABLE)] = str(HERE / TABLE)
        return mapping


setup(cmdclass={"build_py": BuildPyWithParserTable})
