from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo nhiệm kỳ")

    def ready(self):
        from members.signals import demo_loaded
        from reports.demo import on_demo_loaded

        demo_loaded.connect(on_demo_loaded, dispatch_uid="reports-demo")
