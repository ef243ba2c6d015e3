// Stage 1, step 1: a finger server that refuses connections.
// Import the reactor and start it.
