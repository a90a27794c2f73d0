"""Load the demo federation (Hương Sơn, term IV) and its three accounts: `load_demo`. Safe to run again."""

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from members import demo
from members.figures import federation_figures
from members.management.commands.federation_summary import day, describe, number
from members.models import Association, Body, Mandate, Membership, Person, Term, User
from members.signals import demo_loaded


def sign_in_url(address):
    """The sign-in page at the address runserver is given: "8080", "0.0.0.0:8080" or "192.168.1.5:8000".

    An address listening on every interface is opened in a browser on this machine as 127.0.0.1.
    """
    host, _colon, port = address.rpartition(":")
    host = host or "127.0.0.1"
    if host in ("0.0.0.0", "[::]", "::"):
        host = "127.0.0.1"
    return f"http://{host}:{port}{reverse('account_login')}"


class Command(BaseCommand):
    help = "Nạp dữ liệu minh hoạ: Liên hiệp hội huyện Hương Sơn khoá IV, hơn 8.000 hội viên và ba tài khoản."

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            default=demo.DEFAULT_ADDRESS,
            help="Địa chỉ cổng sẽ chạy (như runserver nhận: 8080, 0.0.0.0:8080), để in đúng đường đăng nhập.",
        )

    def handle(self, *args, **options):
        try:
            result = demo.load()
        except demo.DemoError as error:
            raise CommandError(str(error)) from None
        federation = result.federation
        # The reports and congress apps add their demo records; each answers with a line to print.
        extras = demo_loaded.send(
            sender=self.__class__, federation=federation, actor=User.objects.get(email=demo.SECRETARIAT_EMAIL)
        )
        if result.created:
            self.stdout.write(self.style.SUCCESS(f"Đã nạp dữ liệu minh hoạ: {federation.name}."))
        else:
            self.stdout.write(f"Dữ liệu minh hoạ đã có từ trước: {federation.name}. Không thay đổi gì.")

        term_iv = Term.objects.get(federation=federation, ordinal=4)
        departures = Mandate.objects.departures(term_iv).on_body(Body.EXECUTIVE).count()
        closed = Association.objects.filter(federation=federation, closed_on__isnull=False).count()
        self.stdout.write(
            f"Trong cơ sở dữ liệu: {number(Person.objects.count())} người, "
            f"{number(Membership.objects.count())} lượt vào hội, "
            f"{number(closed)} hội đã sáp nhập ngày {day(demo.MERGER_DATE.isoformat())}, "
            f"{number(departures)} uỷ viên Ban Chấp hành khoá IV thôi giữa nhiệm kỳ."
        )
        self.stdout.write("")
        self.stdout.write(describe(federation_figures(demo.CONGRESS_V, federation).as_json()))
        self.stdout.write("(Số liệu ngày khác: manage.py federation_summary --as-of 2018-08-18)")
        for _receiver, summary in extras:
            if summary:
                self.stdout.write(str(summary))

        self.stdout.write("")
        self.stdout.write(f"Đăng nhập tại {sign_in_url(options['address'])}")
        for email, who in [
            (demo.SECRETARIAT_EMAIL, "Văn phòng Liên hiệp hội (toàn quyền, cả trang quản trị)"),
            (demo.LEAD_EMAIL, "Lãnh đạo Hội KH&KT xã Sơn Hồng"),
            (demo.DELEGATE_EMAIL, "Đại biểu Đại hội"),
        ]:
            note = "" if email in result.accounts_created else " – tài khoản đã có, mật khẩu giữ nguyên"
            self.stdout.write(f"  {email:<26} {who}{note}")
        self.stdout.write(f"  Mật khẩu: {demo.PASSWORD}")
