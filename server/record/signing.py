"""The server's Ed25519 key, and the signature on an archive's head.

The key is derived from the store's secret (HKDF-SHA-256 with a fixed info string), so every
process sharing a store signs with the same key and no key is stored anywhere. Changing the
secret changes the key; the info string keeps this key apart from anything else derived from
the same secret (the role tokens' HMAC, the operator key)."""

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .chain import canonical

ALGORITHM = "Ed25519"
SIGNING_INFO = b"roundtable archive signing key v1"
SEED_BYTES = 32  # an Ed25519 private key is a 32-byte seed
PUBLIC_KEY_BYTES = 32
HEAD_FIELDS = ("format", "version", "session_id", "last_seq", "last_hash", "exported_at_ms")
"""What the signature covers (docs/record.md): the archive's identity, its end, and when."""


def derive(secret: bytes, info: bytes, length: int) -> bytes:
    """`length` bytes of key for one purpose, from the store's secret."""
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(secret)


def fingerprint(public_key: bytes) -> str:
    """`SHA256:` and the unpadded base64 of the raw key's SHA-256, as OpenSSH shows keys."""
    digest = base64.b64encode(hashlib.sha256(public_key).digest()).decode().rstrip("=")
    return f"SHA256:{digest}"


def head_message(head: dict[str, Any]) -> bytes:
    """The signed bytes: RFC 8785 canonical JSON of exactly the head's fields."""
    return canonical({name: head[name] for name in HEAD_FIELDS})


@dataclass(frozen=True)
class PublicKey:
    raw: bytes

    @classmethod
    def from_base64(cls, text: str) -> "PublicKey":
        """Raises ValueError unless `text` is the standard base64 of a 32-byte key."""
        try:
            raw = base64.b64decode(text.strip(), validate=True)
        except (binascii.Error, ValueError) as error:
            raise ValueError("a public key is standard base64") from error
        if len(raw) != PUBLIC_KEY_BYTES:
            raise ValueError(f"an {ALGORITHM} public key is {PUBLIC_KEY_BYTES} bytes")
        return cls(raw)

    @property
    def base64(self) -> str:
        return base64.b64encode(self.raw).decode()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.raw)

    def verifies(self, message: bytes, signature: str) -> bool:
        try:
            value = base64.b64decode(signature, validate=True)
            Ed25519PublicKey.from_public_bytes(self.raw).verify(value, message)
        except (binascii.Error, ValueError, InvalidSignature):
            return False
        return True

    def described(self) -> dict[str, str]:
        """GET /api/signing-key, and the key an archive names."""
        return {"algorithm": ALGORITHM, "public_key": self.base64, "fingerprint": self.fingerprint}


class Signer:
    def __init__(self, secret: bytes) -> None:
        seed = derive(secret, SIGNING_INFO, SEED_BYTES)
        self._key = Ed25519PrivateKey.from_private_bytes(seed)
        raw = self._key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.public_key = PublicKey(raw)

    def sign(self, head: dict[str, Any]) -> dict[str, str]:
        """The archive's `signature` block for this head."""
        value = base64.b64encode(self._key.sign(head_message(head))).decode()
        return {**self.public_key.described(), "value": value}
