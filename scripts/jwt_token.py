#!/usr/bin/env python3
"""Prints an HS256 token for the chat engine (standard library only).

usage: jwt_token.py USER [--role admin] [--ttl SECONDS] [--kid KID] [--secret S]

The secret comes from --secret, else (with --kid) the secret CHAT_JWT_SECRETS names for that kid, else
CHAT_JWT_SECRET, else the secret file of the local run (.run/jwt-secret, or $CHAT_RUN_DIR/jwt-secret).
--kid puts the kid in the header, so that services holding several secrets (CHAT_JWT_SECRETS) know which one
signed the token. iss and aud are added when CHAT_JWT_ISSUER and CHAT_JWT_AUDIENCE are set, as the services
then require them.
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


def make_token(user: str, secret: bytes, ttl: int = 3600, role: str = None, now: int = None,
               kid: str = None) -> str:
    now = int(time.time()) if now is None else now
    claims = {"sub": user, "iat": now, "exp": now + ttl}
    if role:
        claims["role"] = role
    if os.environ.get("CHAT_JWT_ISSUER"):
        claims["iss"] = os.environ["CHAT_JWT_ISSUER"]
    if os.environ.get("CHAT_JWT_AUDIENCE"):
        claims["aud"] = os.environ["CHAT_JWT_AUDIENCE"]
    header = {"alg": "HS256", "typ": "JWT"}
    if kid:
        header["kid"] = kid
    header = b64url(json.dumps(header, separators=(",", ":")).encode())
    payload = b64url(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}".encode("ascii")
    signature = b64url(hmac.new(secret, signing_input, hashlib.sha256).digest())
    return f"{header}.{payload}.{signature}"


def secret_file() -> Path:
    run_dir = os.environ.get("CHAT_RUN_DIR")
    return (Path(run_dir) if run_dir else ROOT / ".run") / "jwt-secret"


def named_secret(kid: str):
    """The secret CHAT_JWT_SECRETS (kid=secret pairs separated by commas) names for kid, or None."""
    for pair in os.environ.get("CHAT_JWT_SECRETS", "").split(","):
        name, eq, secret = pair.partition("=")
        if eq and name.strip() == kid:
            return secret.strip()
    return None


def resolve_secret(given: str = None, kid: str = None):
    """Returns (secret bytes, where it came from)."""
    if given:
        return given.encode("utf-8"), "--secret"
    named = named_secret(kid) if kid else None
    if named:
        return named.encode("utf-8"), f"CHAT_JWT_SECRETS (kid {kid})"
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
    parser.add_argument("--kid", help="put this kid in the header (a kid of CHAT_JWT_SECRETS on the services)")
    parser.add_argument("--secret", help="the HS256 secret (at least 32 bytes)")
    args = parser.parse_args(argv)
    if args.ttl <= 0:
        parser.error("--ttl must be positive")
    secret, source = resolve_secret(args.secret, args.kid)
    if len(secret) < MIN_SECRET_BYTES:
        print(f"jwt_token.py: the secret from {source} is {len(secret)} bytes; it must be at least "
              f"{MIN_SECRET_BYTES}", file=sys.stderr)
        return 2
    if source != "--secret":
        print(f"jwt_token.py: using the secret from {source}", file=sys.stderr)
    print(make_token(args.user, secret, args.ttl, args.role, kid=args.kid))
    return 0


if __name__ == "__main__":
    sys.exit(main())
