# Several statements as one transaction: committed when the interaction returns, rolled back when it raises.
from twisted.enterprise import adbapi
from twisted.internet import reactor

dbpool = adbapi.ConnectionPool("sqlite3", "users.db", check_same_thread=False)


def createUsers(txn):
    txn.execute("drop table if exists users")
    txn.execute("create table users (name text primary key, plan text)")
    txn.executemany("insert into users values (?, ?)", [
        ("moshez", "Happy and well"),
        ("shawn", "Alive"),
    ])


# Runs in a pool thread. Adds a user, then counts the users: both statements are one transaction.
def addUser(txn, name, plan):
    txn.execute("insert into users values (?, ?)", (name, plan))
    if plan == "":
        raise ValueError(f"empty plan for {name}")
    txn.execute("select count(*) from users")
    return txn.fetchone()[0]


def added(name):
    return lambda count: print(f"added {name} ({count} users)")


def failed(f):
    print(f"failed: {f.type.__name__}: {f.getErrorMessage()}")


d = dbpool.runInteraction(createUsers)
d.addCallback(lambda _: dbpool.runInteraction(addUser, "alice", "Writing a compiler"))
d.addCallbacks(added("alice"), failed)
d.addCallback(lambda _: dbpool.runInteraction(addUser, "bob", ""))
d.addCallbacks(added("bob"), failed)
d.addCallback(lambda _: dbpool.runInteraction(addUser, "moshez", "Happy again"))
d.addCallbacks(added("moshez"), failed)
d.addCallback(lambda _: dbpool.runQuery("select name from users order by name"))
d.addCallback(lambda rows: print("users: " + ", ".join(row[0] for row in rows)))
d.addCallback(lambda _: reactor.stop())

reactor.run()
