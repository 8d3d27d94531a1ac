"""Speech for every channel: voice-safe text, pyttsx3 synthesis in a worker process,
paced countdown audio and offline command recognition.

Import the submodules you need (`speech.synth`, `speech.countdown`, `speech.recognizer`);
nothing heavy is loaded at package import time.
"""
