def portal(request):
    user = getattr(request, "user", None)
    return {
        "is_secretariat": bool(user and user.is_authenticated and user.is_secretariat),
    }
