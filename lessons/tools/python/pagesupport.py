"""
pagesupport: the course's own module for Python twins (Twisted has no browser
reactor). In the browser it hooks the lesson page's panel (a text input, a
button, a display line) into the reactor, as tksupport.install(root) hooks a
Tk window; see engine/stdlib/pagesupport.ts. Here the "page" is the checks'
driver: a `uiEvent:` step reaches the twin as an order on its standard input
(lessons/tools/python-twin-driver.ts), and what the program shows goes to
standard error behind a marker, where the driver reads it.

Each handler runs as a reactor event of its own (callLater(0)), as a GUI
reactor runs a toolkit's callback between the reactor's other work.
"""
import json
import os

DISPLAY_MARKER = "__finger_page_display__"


class Page:
    """The page's widgets, as the program sees them once install() hooked the page into the reactor."""

    def __init__(self):
        self._handlers = {"click": [], "input": []}

    def onClick(self, handler):
        """Calls handler(text) in the reactor each time the button is pressed; text is what the input holds."""
        self._handlers["click"].append(handler)

    def onInput(self, handler):
        """Calls handler(text) in the reactor each time the text in the input changes."""
        self._handlers["input"].append(handler)

    def show(self, text):
        """Shows text on the page's display line."""
        os.write(2, ("%s %s\n" % (DISPLAY_MARKER, json.dumps(str(text)))).encode())


_page = None


def install():
    """Hooks the page's event loop into the reactor and returns the page (the same one every time)."""
    global _page
    if _page is None:
        _page = Page()
    return _page


def _deliver(kind, text):
    """Driver use: hands one page event to the reactor. Returns how many handlers got it."""
    from twisted.internet import reactor
    if _page is None:
        return 0
    handlers = list(_page._handlers[kind])
    for handler in handlers:
        reactor.callLater(0, handler, text)
    return len(handlers)
