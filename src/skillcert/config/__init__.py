"""Project configuration: settings read from the environment, root URLconf, WSGI entry."""
