# Read a table through adbapi: the query runs in a pool thread, the rows come back as a Deferred.
from twisted.enterprise import adbapi
from twisted.internet import reactor

# A pool of connections to one SQLite file. check_same_thread=False lets the reactor
# thread close the pool threads' connections when the reactor stops.
dbpool = adbapi.ConnectionPool("sqlite3", "users.db", check_same_thread=False)


# Runs in a pool thread, with a cursor on that thread's connection: a fresh table of users.
def createUsers(txn):
    txn.execute("drop table if exists users")
    txn.execute("create table users (name text primary key, plan text)")
    txn.executemany("insert into users values (?, ?)", [
        ("moshez", "Happy and well"),
        ("shawn", "Alive"),
    ])


# Runs in the reactor thread once the query is done: one line per row.
def printUsers(rows):
    print(f"{len(rows)} users:")
    for name, plan in rows:
        print(f"  {name}: {plan}")


def query(_):
    d = dbpool.runQuery("select name, plan from users order by name")
    print("query sent")
    return d


d = dbpool.runInteraction(createUsers)
d.addCallback(query)
d.addCallback(printUsers)
d.addCallback(lambda _: reactor.stop())

reactor.run()
