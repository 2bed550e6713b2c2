#include <stdlib.h>

#include "TestEnvironment.h"

// Creates every environment variable the tests set, before the test runner starts a thread.
//
// glibc's setenv reallocates the `environ` array when it adds a name, and a thread copying the environment at that
// moment (Foundation's Process.run, ProcessInfo.environment) reads freed memory: one CI run crashed in Process.run
// that way. Once a name exists, setenv replaces its value in place, so the tests' own setenv calls become safe.
// Values already in the environment are kept.
__attribute__((constructor)) static void gauntlet_tests_create_environment(void) {
    setenv("DASHBOARD_TOKEN", "gauntlet-demo-token-0001", 0);
    setenv("GAUNTLET_TEST_EXTRA", "unset", 0);
    setenv("GAUNTLET_TEST_CONFIG_SECRET", "unset", 0);
}
