"""The one settings module: defaults, typed values, and a clear error naming a bad variable."""
import subprocess
import sys
from pathlib import Path

import pytest

import settings

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_without_any_variable():
    config = settings.load({})
    assert config.session == settings.Session(hold_seconds=12, rest_seconds=120, max_rounds=2,
                                               max_holds_per_spot=3, history_length=10)
    assert (config.server.host, config.server.rasa_port, config.server.action_port) == ("127.0.0.1", 5005, 5055)
    assert config.server.tracker_db == settings.ROOT / "var" / "tracker.db"
    assert config.server.model is None and not config.server.enable_api
    assert (config.speech.voice, config.speech.rate, config.speech.timeout_s) == ("gmw/en-us", 160, 20.0)
    assert config.scaled.instance_ports == (5011, 5012) and config.scaled.pg_password == ""


def test_values_are_read_and_typed():
    config = settings.load({"SCALENE_HOLD_SECONDS": " 15 ", "RASA_PORT": "6005", "SCALENE_ALLOW_MEMORY_STORE": "1",
                            "SCALENE_CORS_ORIGINS": "https://a.example, https://b.example",
                            "SCALENE_INSTANCE_PORTS": "6011 6012,6013", "SCALENE_STORE_WAIT_SECONDS": "2.5",
                            "SCALENE_MODEL": "/tmp/m.tar.gz", "SCALENE_SPEECH_RATE": "200"})
    assert config.session.hold_seconds == 15 and config.server.rasa_port == 6005
    assert config.server.allow_memory_store is True and config.server.store_wait_seconds == 2.5
    assert config.server.cors_origins == ("https://a.example", "https://b.example")
    assert config.scaled.instance_ports == (6011, 6012, 6013)
    assert config.server.model == Path("/tmp/m.tar.gz") and config.speech.rate == 200


@pytest.mark.parametrize("name,value,message", [
    ("SCALENE_HOLD_SECONDS", "twelve", "SCALENE_HOLD_SECONDS must be a whole number from 1 to 600, not 'twelve'"),
    ("SCALENE_HOLD_SECONDS", "0", "SCALENE_HOLD_SECONDS must be a whole number from 1 to 600, not '0'"),
    ("ACTION_PORT", "70000", "ACTION_PORT must be a whole number from 1 to 65535, not '70000'"),
    ("SCALENE_SPEECH_RATE", "fast", "SCALENE_SPEECH_RATE must be a whole number from 80 to 450, not 'fast'"),
    ("SCALENE_STORE_WAIT_SECONDS", "soon", "SCALENE_STORE_WAIT_SECONDS must be a number from 0 to 3600, not 'soon'"),
    ("SCALENE_ALLOW_MEMORY_STORE", "maybe", "SCALENE_ALLOW_MEMORY_STORE must be 1 or 0, not 'maybe'"),
    ("SCALENE_INSTANCE_PORTS", "5011,x", "SCALENE_INSTANCE_PORTS must be port numbers separated by commas, not '5011,x'"),
])
def test_a_bad_value_names_the_variable(name, value, message):
    with pytest.raises(settings.SettingError) as error:
        settings.load({name: value})
    assert str(error.value) == message


def test_the_api_needs_a_long_token():
    with pytest.raises(settings.SettingError, match="SCALENE_API_TOKEN must have 16"):
        settings.load({"SCALENE_ENABLE_API": "1", "SCALENE_API_TOKEN": "short"})
    assert settings.load({"SCALENE_ENABLE_API": "1", "SCALENE_API_TOKEN": "x" * 16}).server.enable_api


def test_current_follows_the_environment(monkeypatch):
    monkeypatch.setenv("SCALENE_MAX_ROUNDS", "3")
    first = settings.current()
    assert first.session.max_rounds == 3 and settings.current() is first  # parsed once
    monkeypatch.setenv("SCALENE_MAX_ROUNDS", "4")
    assert settings.current().session.max_rounds == 4


def test_no_module_reads_the_environment_on_its_own():
    """Settings are read in one place: no os.environ / os.getenv reads elsewhere in the code."""
    layers = ["actions", "channels", "nlp", "report", "scale", "scripts", "speech", "voice", "bench"]
    reads = subprocess.run(["grep", "-rnE", r"os\.environ(\.get|\[)|os\.getenv", *layers],
                           cwd=ROOT, capture_output=True, text=True).stdout.splitlines()
    # Writing a child's or a benchmark's environment is not reading a setting.
    reads = [line for line in reads if "os.environ[\"SCALENE_SPEECH_CACHE\"] =" not in line]
    assert reads == []


@pytest.mark.parametrize("module", ["scripts.stack", "voice.session"])
def test_programs_stop_with_one_line_naming_the_variable(module):
    result = subprocess.run([sys.executable, "-m", module, "run"] if module == "scripts.stack" else
                            [sys.executable, "-m", module], cwd=ROOT, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "RASA_PORT": "port"}, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"{'error' if module == 'scripts.stack' else 'voice session'}: RASA_PORT must be a whole number "
        "from 1 to 65535, not 'port'"]
