#!/usr/bin/env python3
"""Prints an HS256 token for the chat engine (standard library only).

usage: jwt_token.py USER [--role admin] [--ttl SECONDS] [--secret S]

The secret comes from --secret, else CHAT_JWT_SECRET, else the secret file of the local run
(.run/jwt-secret, or $CHAT_RUN_DIR/jwt-secret). iss and aud are added when CHAT_JWT_ISSUER and
CHAT_JWT_AUDIENCE are set, as the services then require them.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import sys
import time
from pathlib import Path

MIN_SECRET_BYTES = 32
ROOT = Path(__file__).resolve().parent.parent


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def make_token(user: str, secret: bytes, ttl: int = 3600, role: str = None, now: int = None) -> str:
    now = int(time.time()) if now is None else now
    claims = {"sub": user, "iat": now, "exp": now + ttl}
    if role:
        claims["role"] = role
    if os.environ.get("CHAT_JWT_ISSUER"):
        claims["iss"] = os.environ["CHAT_JWT_ISSUER"]
    if os.environ.get("CHAT_JWT_AUDIENCE"):
        claims["aud"] = os.environ["CHAT_JWT_AUDIENCE"]
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = b64url(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}".encode("ascii")
    signature = b64url(hmac.new(secret, signing_input, hashlib.sha256).digest())
    return f"{header}.{payload}.{signature}"


def secret_file() -> Path:
    run_dir = os.environ.get("CHAT_RUN_DIR")
    return (Path(run_dir) if run_dir else ROOT / ".run") / "jwt-secret"


def resolve_secret(given: str = None):
    """Returns (secret bytes, where it came from)."""
    if given:
        return given.encode("utf-8"), "--secret"
    if os.environ.get("CHAT_JWT_SECRET"):
        return os.environ["CHAT_JWT_SECRET"].encode("utf-8"), "CHAT_JWT_SECRET"
    path = secret_file()
    if path.is_file():
        return path.read_text(encoding="utf-8").strip().encode("utf-8"), str(path)
    raise SystemExit(f"jwt_token.py: no secret: pass --secret, set CHAT_JWT_SECRET, or start the engine "
                     f"with scripts/chat-engine up (it writes {path})")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Print an HS256 token for the chat engine.")
    parser.add_argument("user", help="the token's sub: a username, or any name for an admin token")
    parser.add_argument("--role", choices=["admin"], help="mark the token as an admin token")
    parser.add_argument("--ttl", type=int, default=3600, help="seconds until it expires (default 3600)")
    parser.add_argument("--secret", help="the shared HS256 secret (at least 32 bytes)")
    args = parser.parse_args(argv)
    if args.ttl <= 0:
        parser.error("--ttl must be positive")
    secret, source = resolve_secret(args.secret)
    if len(secret) < MIN_SECRET_BYTES:
        print(f"jwt_token.py: the secret from {source} is {len(secret)} bytes; it must be at least "
              f"{MIN_SECRET_BYTES}", file=sys.stderr)
        return 2
    if source != "--secret":
        print(f"jwt_token.py: using the secret from {source}", file=sys.stderr)
    print(make_token(args.user, secret, args.ttl, args.role))
    return 0


if __name__ == "__main__":
    sys.exit(main())
