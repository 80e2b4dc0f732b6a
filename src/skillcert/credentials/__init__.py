"""Verifiable credentials: compose, sign and verify certificates as Open Badges 3.0 credentials.

Owns the issuer identity (``did:web``, signing keys and their rotation) and the
W3C Bitstring Status Lists for revocation and suspension. See ``README.md``.
"""
