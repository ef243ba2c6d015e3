"""
Finger example application: the library is finger.finger, its command line finger.tap.
"""
