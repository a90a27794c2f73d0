"""The reports app has no models yet; report drafts and versions will be registered here."""
