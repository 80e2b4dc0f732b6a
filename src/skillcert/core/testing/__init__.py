"""Test support shared by the suite."""
