#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lienhiephoi.settings")
    # A checkout with no configuration at all is a developer's: run commands with development settings.
    # Any deployment sets SECRET_KEY, and then DEBUG stays off unless it says otherwise.
    if "SECRET_KEY" not in os.environ and "SECRET_KEY_FILE" not in os.environ:
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
