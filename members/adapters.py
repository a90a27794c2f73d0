from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _

# allauth ships no Vietnamese; the messages a user of this portal can meet are given here.
VIETNAMESE_MESSAGES = {
    "account_inactive": _("Tài khoản này đang bị khoá. Hãy liên hệ văn phòng Liên hiệp hội."),
    "email_password_mismatch": _("Email hoặc mật khẩu không đúng."),
    "enter_current_password": _("Hãy nhập mật khẩu hiện tại."),
    "incorrect_password": _("Mật khẩu không đúng."),
    "invalid_or_expired_key": _("Đường dẫn không hợp lệ hoặc đã hết hạn."),
    "invalid_login": _("Đăng nhập không hợp lệ."),
    "invalid_password_reset": _("Đường dẫn đặt lại mật khẩu không hợp lệ hoặc đã được dùng."),
    "too_many_login_attempts": _("Đăng nhập sai quá nhiều lần. Hãy thử lại sau ít phút."),
    "unknown_email": _("Email này không gắn với tài khoản nào."),
    "same_as_current": _("Giá trị mới phải khác giá trị hiện tại."),
    "rate_limited": _("Bạn gửi yêu cầu quá nhanh. Hãy chờ một lát rồi thử lại."),
}


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the secretariat's invitations, never by open sign-up."""

    error_messages = {**DefaultAccountAdapter.error_messages, **VIETNAMESE_MESSAGES}

    def is_open_for_signup(self, request):
        return False
