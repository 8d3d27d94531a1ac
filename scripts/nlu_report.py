"""Prints the held-out NLU accuracy and fails below the bar (intent accuracy >= 95%)."""
import json
import sys
from pathlib import Path

INTENT_BAR = 0.95
FAQ_TOPIC_BAR = 0.85


def main(results_dir: str) -> int:
    results = Path(results_dir)
    intents = json.loads((results / "intent_report.json").read_text())
    intent_accuracy = intents["accuracy"]
    print(f"held-out intent accuracy: {intent_accuracy:.1%} (bar {INTENT_BAR:.0%}, "
          f"{int(intents['weighted avg']['support'])} messages)")
    worst = sorted(((name, r["f1-score"]) for name, r in intents.items()
                    if isinstance(r, dict) and "f1-score" in r and name not in
                    ("micro avg", "macro avg", "weighted avg")), key=lambda item: item[1])[:5]
    print("  weakest intents (f1): " + ", ".join(f"{n} {f:.2f}" for n, f in worst))
    ok = intent_accuracy >= INTENT_BAR
    selector = results / "response_selection_report.json"
    if selector.exists():
        topics = json.loads(selector.read_text())
        topic_accuracy = topics.get("accuracy", topics.get("micro avg", {}).get("f1-score", 0.0))
        print(f"held-out FAQ topic accuracy: {topic_accuracy:.1%} (bar {FAQ_TOPIC_BAR:.0%})")
        ok = ok and topic_accuracy >= FAQ_TOPIC_BAR
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "results/nlu"))
