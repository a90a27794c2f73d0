from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("Đại hội")

    def ready(self):
        from congress.demo import on_demo_loaded
        from members.signals import demo_loaded

        demo_loaded.connect(on_demo_loaded, dispatch_uid="congress-demo")
