package dev.warden.protocol.version;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The named thresholds, each on both sides of its boundary and with the versions seen in the vectors. */
class VersionGatesTest {

    @ParameterizedTest(name = "agent {0}: terminate flag {1}, mux {2}, smux keepalive off {3}")
    @CsvSource({
            "3.3.1142.0, true,  true,  true",    // the agent version of the shared vectors
            "3.3.987.0,  true,  true,  true",
            "3.1.1511.1, true,  true,  true",
            "3.1.1511.0, true,  true,  false",
            "3.0.196.1,  true,  true,  false",
            "3.0.196.0,  true,  false, false",
            "2.3.722.1,  true,  false, false",
            "2.3.722.0,  false, false, false",
            "2.3.721.9,  false, false, false",
            "3.3.987,    false, false, false",   // three parts never compare with four
            "'',         false, false, false",
    })
    void clientViewOfTheAgent(String agentVersion, boolean terminateFlag, boolean mux, boolean keepAliveOff) {
        assertThat(VersionGates.agentSupportsTerminateSessionFlag(agentVersion)).isEqualTo(terminateFlag);
        assertThat(VersionGates.agentSupportsMux(agentVersion)).isEqualTo(mux);
        assertThat(VersionGates.agentDisablesSmuxKeepAlive(agentVersion)).isEqualTo(keepAliveOff);
    }

    @ParameterizedTest(name = "client {0}: mux {1}, smux keepalive off {2}, separate-output warning {3}")
    @CsvSource({
            "1.2.677.0,   true,  true,  false",  // the official client of the shared vectors
            "1.2.764.0,   true,  true,  false",
            "1.2.332.0,   true,  true,  false",
            "1.2.331.1,   true,  true,  false",
            "1.2.331.0.1, true,  true,  false",  // more parts wins
            "1.2.331.0,   true,  false, false",
            "1.2.331,     true,  false, false",  // fewer parts is smaller
            "1.2.296.0,   true,  false, false",
            "1.2.295.0,   true,  false, false",  // 1.2.295.0 > 1.2.295 in strict mode: not warned
            "1.2.295,     true,  false, true",
            "1.2.294.9,   true,  false, true",
            "1.1.70.0,    true,  false, true",
            "1.1.70,      true,  false, true",
            "1.1.69.9,    false, false, true",
            "1.1.7,       false, false, true",
            "'',          false, false, true",
    })
    void agentViewOfTheClient(String clientVersion, boolean mux, boolean keepAliveOff, boolean warning) {
        assertThat(VersionGates.clientSupportsMux(clientVersion)).isEqualTo(mux);
        assertThat(VersionGates.clientDisablesSmuxKeepAlive(clientVersion)).isEqualTo(keepAliveOff);
        assertThat(VersionGates.clientNeedsSeparateOutputWarning(clientVersion)).isEqualTo(warning);
    }
}
