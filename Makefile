# Scalene Coach: `make run` sets up and starts the assistant; `make test` sets up and runs every test.
PY := .venv/bin/python

.PHONY: help setup model run run-scaled shell voice test test-fast bench bench-load clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: ## Python 3.10 venv, pinned packages, the project's spaCy pipeline
	@bash scripts/setup.sh

model: setup ## Train the Rasa model if data or config changed (cached by hash)
	@$(PY) -m scripts.model_cache

run: setup ## Start the action server + Rasa server (REST, socketio) on 127.0.0.1 (trains first if needed)
	@$(PY) -m scripts.stack run

run-scaled: model ## Scale-out: 2 Rasa on PostgreSQL + Redis behind nginx on 127.0.0.1:5005
	@$(PY) -m scripts.scaled_stack run

shell: model ## Chat in the terminal
	@$(PY) -m scripts.stack shell

voice: setup ## Voice-guided session against the running assistant; ARGS="--out DIR --in a.wav b.wav@3"
	@$(PY) -m voice.session $(ARGS)

test: model ## Validate data, pytest (units + running server), rasa test, held-out NLU
	@bash scripts/test.sh

test-fast: setup ## Pure tests only (no servers, no training, no long audio sets), under a minute
	@PYTHONPATH=$(CURDIR) PYTHONWARNINGS=ignore TF_CPP_MIN_LOG_LEVEL=2 RASA_TELEMETRY_ENABLED=false $(PY) -m pytest -q -m "not server and not slow" -p no:cacheprovider

bench: model ## Latency, training and time-to-ready vs. a stock `rasa init` bot; speech timings
	@$(PY) -m bench.latency
	@$(PY) -m bench.speech
	@$(PY) -m bench.documents

bench-load: model ## 50 users x 20 turns paced + saturation: default, scale-out, stock `rasa init`; ARGS="--jitter 1"
	@$(PY) -m bench.load $(ARGS)

clean: ## Remove models, results and local conversation data (keeps the venv)
	rm -rf models results var nlp/build
