"""Scale-out pieces Rasa loads from endpoints.scaled.yml (a strict SQL tracker store, an atomic
Redis lock store) and the nginx config template scripts/services.py renders."""
