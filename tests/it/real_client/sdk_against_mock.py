"""ElevenLabs' official Python SDK against the client crate's mock: each scripted answer
read as the SDK reads it, printed as one JSON line for tests/it/real_client.rs to check.
Usage: python3 sdk_against_mock.py BASE_URL API_KEY"""
import json
import sys

from elevenlabs.client import ElevenLabs
from elevenlabs.core.api_error import ApiError

base_url, api_key = sys.argv[1], sys.argv[2]
client = ElevenLabs(api_key=api_key, base_url=base_url, timeout=10)
# The SDK retries 429s and 5xx itself; each scripted answer is read once.
once = {"max_retries": 0}


def emit(step, **fields):
    print(json.dumps({"step": step, **fields}), flush=True)


user = client.user.get(request_options=once)
emit("account", read=user.model_dump(mode="json", by_alias=True, exclude_unset=True))

# The SDK types this endpoint's 422 (UnprocessableEntityError, its body a model); every
# other status is an ApiError with the body as JSON.
for step in ["unauthorized", "validation", "rate_limited", "concurrency_limited"]:
    try:
        client.user.get(request_options=once)
        emit(step, error=None)
    except ApiError as error:
        body = error.body
        if hasattr(body, "model_dump"):
            body = body.model_dump(mode="json", by_alias=True, exclude_unset=True)
        emit(step, error=type(error).__name__, status=error.status_code, body=body,
             headers={k.lower(): v for k, v in (error.headers or {}).items()})
