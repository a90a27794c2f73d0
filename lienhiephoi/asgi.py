import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lienhiephoi.settings")
django_application = get_asgi_application()

from django.conf import settings  # noqa: E402 (after the application has set Django up)

from lienhiephoi.lanes import Lanes  # noqa: E402

application = Lanes(django_application, ordinary=settings.WEB_REQUESTS, urgent=settings.WEB_URGENT_REQUESTS)
