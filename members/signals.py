from django.dispatch import Signal

# Sent by `load_demo` once the demo federation exists, with `federation` and `actor` (the secretariat
# account). The apps built on members connect to it to add their own demo records, so that members never
# imports them.
demo_loaded = Signal()
