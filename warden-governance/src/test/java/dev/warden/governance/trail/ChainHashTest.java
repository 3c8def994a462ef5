package dev.warden.governance.trail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChainHashTest {

    @Test
    void theHashIsSha256OfTheDocumentedNetstringEncoding() throws Exception {
        String canonical = "14:warden-audit-1,1:7,13:1796638530123,7:FINDING,12:123456789012,9:us-east-1,0:,0:,"
                + "2:{},64:" + "0".repeat(64) + ",";
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        assertThat(ChainHash.of(7, Instant.ofEpochMilli(1796638530123L), RecordKind.FINDING,
                Subject.of("123456789012", "us-east-1"), "{}", ChainHash.GENESIS)).isEqualTo(expected);
    }

    @Test
    void movingTextBetweenFieldsChangesTheHash() {
        Instant t = Instant.ofEpochMilli(0);
        String a = ChainHash.of(1, t, RecordKind.ACTION, new Subject("1", "23", null, null), "{}", ChainHash.GENESIS);
        String b = ChainHash.of(1, t, RecordKind.ACTION, new Subject("12", "3", null, null), "{}", ChainHash.GENESIS);
        assertThat(a).isNotEqualTo(b).hasSize(64).matches("[0-9a-f]{64}");
    }
}
