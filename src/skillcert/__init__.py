"""skillcert: the registry, issuing and verification system for Sichuan skill certificates."""

__version__ = "0.1.0"
