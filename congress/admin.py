"""The congress app has no models yet; its delegates, documents and elections will be registered here."""
