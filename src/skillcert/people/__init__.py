"""Certificate holders and all personal data: the only app that handles ID numbers in plain text."""
