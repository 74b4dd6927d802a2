def gettext_noop(message):
    """Marks ``message`` for makemessages without needing Django settings; callers translate it."""
    return message
