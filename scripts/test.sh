#!/usr/bin/env bash
# Every test, in the order a failure is cheapest to find. Run through `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PYTHONPATH="$PWD" TF_CPP_MIN_LOG_LEVEL=2 PYTHONWARNINGS=ignore SQLALCHEMY_SILENCE_UBER_WARNING=1 RASA_TELEMETRY_ENABLED=false
MODEL=$($BIN/python -c 'from scripts.model_cache import model_path; print(model_path())')
step() { printf '\n==> %s\n' "$*"; }

mkdir -p results
step "rasa data validate --fail-on-warnings"
# (Rasa warns that responses sent by custom actions are "not used in any story"; not an error.)
$BIN/rasa data validate --fail-on-warnings > results/validate.log 2>&1 || { cat results/validate.log; exit 1; }
echo "    data valid"

step "pytest: action units, NLU pipeline, and conversations against a running server"
$BIN/python -m pytest tests -q

step "Red flags in context: held-out lines end to end over REST (tests/eval; fails on the test set below issue 8's bars: recall 100%, calm 95%)"
$BIN/python -m scripts.eval_red_flags --check --rasa-port "${TEST_RASA_PORT:-5105}" --action-port "${TEST_ACTION_PORT:-5155}"

step "rasa test: conversation tests (tests/conversations) with --fail-on-prediction-errors"
rm -rf results/core
if ! $BIN/rasa test core --model "$MODEL" --stories tests/conversations --out results/core \
    --fail-on-prediction-errors > results/core.log 2>&1; then
  cat results/core/failed_test_stories.yml 2>/dev/null || tail -n 40 results/core.log
  echo "rasa test: conversation tests failed (log: results/core.log)"; exit 1
fi
grep -E "Correct:" results/core.log | sed 's/.*INFO *rasa.core.test *- */    /' | head -2

step "Held-out NLU test set (never used in training)"
rm -rf results/nlu
$BIN/rasa test nlu --model "$MODEL" --nlu tests/nlu/heldout.yml --out results/nlu > results/nlu.log 2>&1 \
  || { tail -n 40 results/nlu.log; exit 1; }
$BIN/python -m scripts.nlu_report results/nlu

step "Real people's questions (tests/eval/people_test.yml), end to end over REST"
# On-topic = the right answer, or a question back that offers it. The question back is capped
# at 25% of messages, so asking can't stand in for understanding (see README). Issue 8's bar:
# 92% on-topic (README, "Understanding how people ask").
$BIN/python -m scripts.eval_people tests/eval/people_test.yml --model "$MODEL" \
  --min-on-topic 0.92 --max-asked 0.25 --json results/eval_people_test.json \
  --rasa-port "${TEST_RASA_PORT:-5105}" --action-port "${TEST_ACTION_PORT:-5155}"
