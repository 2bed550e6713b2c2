// TestEnvironment has no API: linking it runs its constructor, which creates the tests' environment variables
// before any test thread starts (see TestEnvironment.c).
