#!/usr/bin/env bash
# Sets up a fresh machine: Python 3.10 venv, pinned packages, the project's spaCy pipeline.
# Every step says what it does; steps that are already done are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
step() { printf '\n==> %s\n' "$*"; }

find_python310() {
  local candidate
  for candidate in "${PYTHON310:-}" python3.10; do
    if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 \
        && "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  # pyenv installs answer only through their full path (the shim needs PYENV_VERSION).
  local root
  root=$( (command -v pyenv >/dev/null && pyenv root) || echo "$HOME/.pyenv")
  for candidate in "$root"/versions/3.10.*/bin/python3.10; do
    if [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

if [ ! -x "$VENV/bin/python" ]; then
  step "Looking for Python 3.10 (Rasa 3.6 supports 3.8-3.10 only)"
  if ! PY=$(find_python310); then
    cat >&2 <<'MSG'
No Python 3.10 found. Install one, then run this again, for example:
  pyenv install 3.10.13            (pyenv)
  apt-get install python3.10-venv  (distributions that package 3.10)
or point PYTHON310=/path/to/python3.10 at an existing interpreter.
MSG
    exit 1
  fi
  echo "using $PY"
  step "Creating virtual environment in $VENV"
  "$PY" -m venv "$VENV"
fi

# Debian packages: espeak-ng for speech (pyttsx3's engine), sox for audio checks, chromium for
# the widget's browser tests (Playwright drives it; browser downloads are not possible here),
# PostgreSQL, Redis and nginx for the scale-out mode and its tests (started on loopback on demand).
# PortAudio, PulseAudio and ALSA's pulse plugin: real sound devices (virtual ones in the tests).
SYSTEM_PACKAGES="espeak-ng libespeak-ng1 sox chromium postgresql redis-server nginx libportaudio2 pulseaudio pulseaudio-utils libasound2-plugins"
missing=$(for p in $SYSTEM_PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done | xargs)
if [ -n "$missing" ]; then
  step "Installing Debian packages: $missing"
  SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
else
  step "Debian packages present ($SYSTEM_PACKAGES)"
fi

REQ_HASH=$(cat requirements.txt constraints.txt | sha256sum | cut -c1-16)
if [ "$(cat "$VENV/.requirements" 2>/dev/null)" != "$REQ_HASH" ]; then
  step "Installing pinned Python packages (Rasa, rasa-sdk, spaCy, pytest): a few minutes the first time"
  "$VENV/bin/python" -m pip install --progress-bar off -q --upgrade "pip<24.1" "wheel<0.46"  # wheel 0.46+ pulls a packaging newer than Rasa allows
  # Show one line per package as it arrives; keep the full log for when something fails.
  set +o pipefail
  "$VENV/bin/python" -m pip install --progress-bar off -r requirements.txt -c constraints.txt 2>&1 \
    | tee "$VENV/pip-install.log" | grep --line-buffered -E '^(Collecting|Successfully)' | sed 's/^/    /'
  status=${PIPESTATUS[0]}
  set -o pipefail
  if [ "$status" -ne 0 ]; then
    tail -n 30 "$VENV/pip-install.log" >&2
    echo "pip install failed (full log: $VENV/pip-install.log)" >&2
    exit "$status"
  fi
  # medspacy-quickumls (a medspaCy dependency) installs a top-level `tests` package that would
  # shadow this project's tests/ for every test that imports from it.
  rm -rf "$VENV"/lib/python3*/site-packages/tests
  PYTHONWARNINGS=ignore "$VENV/bin/python" -c 'import rasa, rasa_sdk, spacy' # fail loudly if the install did not take
  echo "$REQ_HASH" > "$VENV/.requirements"
else
  step "Python packages up to date"
fi

step "Building the project's spaCy pipeline (blank English + entity ruler)"
"$VENV/bin/python" -m nlp.pipeline
