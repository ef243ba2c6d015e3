// A finger server that refuses connections.
// Import the reactor and start it.
