# adbapi over sqlite3: the twin of adbapi-semantics.ts, run on real Twisted 22.4.
import json
import os
from twisted.enterprise import adbapi
from twisted.internet import defer, reactor

if os.path.exists("adbapi-semantics.db"):
    os.remove("adbapi-semantics.db")
pool = adbapi.ConnectionPool("sqlite3", "adbapi-semantics.db", check_same_thread=False)


def show(label):
    return lambda value: print(label, json.dumps(value, separators=(",", ":")))


def failed(label):
    return lambda f: print(label, f.type.__name__, f.getErrorMessage())


def setup(txn):
    txn.execute("create table users (name text unique, plan text)")
    txn.execute("insert into users values (?, ?)", ("moshez", "happy and well"))
    first = txn.lastrowid
    txn.executemany("insert into users values (?, ?)", [("shawn", "alive"), ("glyph", "busy")])
    return [first, txn.rowcount]


def half_then_fail(txn, name):
    txn.execute("insert into users values (?, ?)", (name, "never seen"))
    raise ValueError("changed my mind about " + name)


def update_and_count(txn):
    txn.execute("update users set plan = ? where name != ?", ("away", "moshez"))
    count = txn.rowcount
    txn.execute("select name from users order by name")
    return [count, txn.fetchone(), txn.fetchall()]


@defer.inlineCallbacks
def main():
    yield pool.runInteraction(setup).addCallback(show("setup"))
    yield pool.runQuery("select * from users order by name").addCallback(show("rows"))
    yield pool.runInteraction(half_then_fail, "radix").addCallbacks(show("unexpected"), failed("rolled back"))
    yield pool.runQuery("select count(*) from users where name = ?", ("radix",)).addCallback(show("radix rows"))
    yield pool.runOperation("insert into users values ('moshez', 'again')").addCallbacks(show("unexpected"), failed("duplicate"))
    yield pool.runQuery("select * from nosuch").addCallbacks(show("unexpected"), failed("missing"))
    yield pool.runQuery("selec 1").addCallbacks(show("unexpected"), failed("syntax"))
    yield pool.runOperation("select 1; select 2").addCallbacks(show("unexpected"), failed("two"))
    yield pool.runInteraction(update_and_count).addCallback(show("updated"))
    yield pool.runOperation("delete from users where name = ?", ("glyph",)).addCallback(show("deleted"))
    # Three queries asked at once: each Deferred fires, in the reactor thread, after this function returns.
    order = []
    ds = [pool.runQuery("select ?", (n,)).addCallback(lambda rows: order.append(rows[0][0])) for n in (1, 2, 3)]
    print("asked three")
    yield defer.gatherResults(ds)
    print("answers", sorted(order))
    yield pool.runQuery("select name, plan from users order by name").addCallback(show("final"))
    pool.close()
    reopened = adbapi.ConnectionPool("sqlite3", "adbapi-semantics.db", cp_max=1, check_same_thread=False)
    yield reopened.runQuery("select count(*) from users").addCallback(show("persisted"))
    reopened.close()
    try:
        adbapi.ConnectionPool("nosuchdb", "x")
    except Exception as e:
        print("import", type(e).__name__, e)
    reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
os.remove("adbapi-semantics.db")
