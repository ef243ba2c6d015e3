# twisted/plugins/finger_tutorial.py: tells twistd about the finger service, so `twistd finger --file=/etc/users` runs it.
from twisted.application.service import ServiceMaker

finger = ServiceMaker("finger", "finger.tap", "Run a finger service", "finger")
