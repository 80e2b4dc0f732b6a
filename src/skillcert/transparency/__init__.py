"""The public transparency log: an RFC 9162 Merkle log of certificate, institution and key events."""
