package dev.warden.sandbox.dataplane;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The base of data-plane test classes that need the harness with its default configuration: each class gets a
 * sandbox of its own, started before its first test and closed after its last, so that the sessions and faults
 * one class leaves behind never reach another.
 */
abstract class DefaultHarnessTest {

    static DataPlaneHarness harness;

    @BeforeAll
    static void startHarness() throws Exception {
        harness = new DataPlaneHarness();
    }

    @AfterAll
    static void stopHarness() throws Exception {
        harness.close();
    }
}
