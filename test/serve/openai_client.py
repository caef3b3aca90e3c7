#!/usr/bin/env python3
"""kforge-serve answers the official `openai` client: chat and text
completions, streamed and not, stop strings, usage, and the client's errors
for bad requests. Run by tools/kforge-serve/tests/serve.rs against a server on
127.0.0.1; exits non-zero (an assertion's traceback) on the first mismatch.

usage: openai_client.py BASE_URL MODEL EXPECT_JSON
EXPECT_JSON: {"prompt": …, "text": …} — kforge-run's greedy text for the
prompt (up to EOS or 24 tokens), which the server must give too.
"""
import json
import sys

import openai


def main(base_url, model, expect_path):
    with open(expect_path) as f:
        expect = json.load(f)
    client = openai.OpenAI(base_url=base_url, api_key="none", max_retries=0, timeout=120)

    models = client.models.list()
    assert [m.id for m in models.data] == [model], models

    # Text completion, not streamed: kforge-run's greedy text and the usage.
    r = client.completions.create(model=model, prompt=expect["prompt"], max_tokens=24, temperature=0)
    assert r.object == "text_completion", r
    assert r.choices[0].text == expect["text"], (r.choices[0].text, expect["text"])
    assert r.choices[0].finish_reason in ("stop", "length"), r
    assert r.usage.prompt_tokens == expect["prompt_tokens"], r.usage
    assert r.usage.total_tokens == r.usage.prompt_tokens + r.usage.completion_tokens, r.usage

    # Streamed: the same text, piece by piece, one finish reason, the usage chunk.
    stream = client.completions.create(
        model=model, prompt=expect["prompt"], max_tokens=24, temperature=0, stream=True,
        stream_options={"include_usage": True},
    )
    pieces, finishes, usage = [], [], None
    for chunk in stream:
        if chunk.usage:
            usage = chunk.usage
        for c in chunk.choices:
            pieces.append(c.text)
            if c.finish_reason:
                finishes.append(c.finish_reason)
    assert "".join(pieces) == expect["text"], pieces
    assert finishes == [r.choices[0].finish_reason], finishes
    assert usage is not None and usage.completion_tokens == r.usage.completion_tokens, usage

    # Chat, not streamed and streamed: the same greedy answer through the chat template.
    messages = [{"role": "user", "content": "What is the capital of France?"}]
    c = client.chat.completions.create(model=model, messages=messages, max_tokens=24, temperature=0)
    assert c.object == "chat.completion", c
    answer = c.choices[0].message.content
    assert c.choices[0].message.role == "assistant" and answer, c
    assert "Paris" in answer, answer
    streamed = client.chat.completions.create(
        model=model, messages=messages, max_tokens=24, temperature=0, stream=True
    )
    deltas, roles = [], []
    for chunk in streamed:
        for ch in chunk.choices:
            if ch.delta.role:
                roles.append(ch.delta.role)
            if ch.delta.content:
                deltas.append(ch.delta.content)
    assert roles == ["assistant"], roles
    assert "".join(deltas) == answer, (deltas, answer)

    # A stop string: the text ends before it, finish_reason "stop".
    cut = expect["text"].find(".")
    if cut > 0:
        s = client.completions.create(
            model=model, prompt=expect["prompt"], max_tokens=24, temperature=0, stop=["."]
        )
        assert s.choices[0].text == expect["text"][:cut], s.choices[0].text
        assert s.choices[0].finish_reason == "stop", s

    # Sampling with a seed is reproducible.
    a = client.completions.create(model=model, prompt="Once upon a time", max_tokens=12, temperature=0.8, top_p=0.9, seed=7)
    b = client.completions.create(model=model, prompt="Once upon a time", max_tokens=12, temperature=0.8, top_p=0.9, seed=7)
    assert a.choices[0].text == b.choices[0].text, (a.choices[0].text, b.choices[0].text)

    # Errors come back as the client's exceptions, with OpenAI-style bodies.
    try:
        client.completions.create(model="no-such-model", prompt="x", max_tokens=4)
        raise AssertionError("a wrong model was accepted")
    except openai.NotFoundError as e:
        assert e.body["code"] == "model_not_found", e.body
    try:
        client.completions.create(model=model, prompt="x", max_tokens=10**9)
        raise AssertionError("a huge max_tokens was accepted")
    except openai.BadRequestError as e:
        assert e.body["code"] == "context_length_exceeded", e.body
    try:
        client.chat.completions.create(model=model, messages=[], max_tokens=4)
        raise AssertionError("empty messages were accepted")
    except openai.BadRequestError as e:
        assert e.body["param"] == "messages", e.body
    print("openai client: all checks passed")


if __name__ == "__main__":
    main(*sys.argv[1:4])
