"""Stubs of submeter.distributed."""

from os import PathLike
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

_Path = Union[str, "PathLike[str]"]

serial: str

def bill_portfolio(sites: Iterable[_Path], period: str, out_dir: _Path, client: Any = ..., *,
                   parts: Union[int, Dict[str, int], None] = ..., ledger: Optional[_Path] = ...,
                   report: bool = ..., workers: Optional[int] = ...,
                   progress: Optional[bool] = ..., batch_bytes: int = ...,
                   part_bytes: int = ...) -> Dict[str, Any]: ...
def find_sites(directory: _Path) -> List[str]: ...
def main(argv: Optional[List[str]] = ...) -> int: ...
def plan(sites: Iterable[str], workers: int = ..., parts: Union[int, Dict[str, int], None] = ...,
         batch_bytes: int = ..., part_bytes: int = ...) -> List[Tuple[Any, ...]]: ...
def verify(manifest_path: _Path) -> List[str]: ...
