# A finger server whose users live in a SQLite table.
from twisted.enterprise import adbapi
from twisted.internet import endpoints, protocol, reactor
from twisted.protocols import basic


class FingerProtocol(basic.LineReceiver):
    def lineReceived(self, user):
        d = self.factory.getUser(user.decode())
        d.addErrback(lambda _: "Internal error in server")

        def writeResponse(message):
            self.transport.write(message.encode() + b"\r\n")
            self.transport.loseConnection()

        d.addCallback(writeResponse)


class FingerFactory(protocol.ServerFactory):
    protocol = FingerProtocol

    def __init__(self, dbpool):
        self.dbpool = dbpool

    # The user's plan from the table: the name goes in as a parameter, never into the SQL text.
    def getUser(self, user):
        d = self.dbpool.runQuery("select plan from users where name = ?", (user,))
        return d.addCallback(lambda rows: str(rows[0][0]) if rows else "No such user")


def createUsers(txn):
    txn.execute("create table if not exists users (name text primary key, plan text)")
    txn.execute("insert or replace into users values ('moshez', 'Happy and well')")
    txn.execute("insert or replace into users values ('shawn', 'Alive')")


dbpool = adbapi.ConnectionPool("sqlite3", "finger.db", check_same_thread=False)
dbpool.runInteraction(createUsers)
fingerEndpoint = endpoints.serverFromString(reactor, "tcp:1079")
fingerEndpoint.listen(FingerFactory(dbpool))
reactor.run()
