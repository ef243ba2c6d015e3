# The other half of an event loop: waiting on many sockets at once with select().
import select
import socket
import threading
import time

statuses = {b"alice": b"Happy and well", b"bob": b"Out to lunch"}
started = time.monotonic()


def now():
    return "[%.0fs]" % (time.monotonic() - started)


# Each connection is a real socket pair: the server reads `near`, a client thread writes `far`.
def client(far, arrivals):
    for at, data in arrivals:
        time.sleep(max(0, at - (time.monotonic() - started)))
        if data:
            far.sendall(data)
            far.recv(1024)  # the client reads its answer
        else:
            far.close()


names = {}
sockets = []
# alice sends her name at 2 s and closes at 3 s; bob sends his at 1 s and closes at 4 s.
for name, arrivals in [("alice", [(2, b"alice\r\n"), (3, b"")]), ("bob", [(1, b"bob\r\n"), (4, b"")])]:
    near, far = socket.socketpair()
    names[near] = name
    sockets.append(near)
    threading.Thread(target=client, args=(far, arrivals), daemon=True).start()


# What to do with what one socket delivered: the "protocol".
def handle(sock, data):
    if data == b"":
        print(f"{now()} {names[sock]} closed", flush=True)
        return
    status = statuses.get(data.rstrip(b"\r\n"), b"No such user")
    sock.sendall(status + b"\r\n")
    print(f'{now()} {names[sock]} asked: answered "{status.decode()}"', flush=True)


# The loop: demultiplex with select(), then dispatch to the handler, until no socket is left.
def serve(sockets):
    watched = list(sockets)
    while watched:
        readable, _, _ = select.select(watched, [], [])
        for sock in [s for s in watched if s in readable]:
            data = sock.recv(1024)
            if data == b"":
                watched.remove(sock)
            handle(sock, data)


serve(sockets)
print(f"{now()} no sockets left to watch", flush=True)
