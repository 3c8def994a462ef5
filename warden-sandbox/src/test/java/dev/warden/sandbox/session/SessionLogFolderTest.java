package dev.warden.sandbox.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SessionLogFolderTest {

    private static final Path ROOT = Path.of("logs").toAbsolutePath().normalize();

    private static SessionPreferences logging(String bucket, String prefix, String logGroup) {
        return new SessionPreferences(null, null, "", "", bucket, prefix, logGroup);
    }

    @Test
    void withoutABucketOrALogGroupNothingIsLogged() {
        assertThat(SessionLogFolder.of(ROOT, SessionPreferences.defaults())).isEmpty();
    }

    @Test
    void aBucketAndItsPrefixMakeTheFolder() {
        assertThat(SessionLogFolder.of(ROOT, logging("audit-bucket", "sessions/prod", "")))
                .contains(ROOT.resolve("audit-bucket/sessions/prod"));
    }

    @Test
    void theBucketWinsOverALogGroup() {
        assertThat(SessionLogFolder.of(ROOT, logging("audit-bucket", "", "/aws/ssm")))
                .contains(ROOT.resolve("audit-bucket"));
    }

    @Test
    void aLogGroupWithTheUsualLeadingSlashStaysInsideTheRoot() {
        assertThat(SessionLogFolder.of(ROOT, logging("", "", "/aws/ssm/sessions")))
                .contains(ROOT.resolve("aws/ssm/sessions"));
    }

    @Test
    void namesNeverLeadOutOfTheRoot() {
        assertThat(SessionLogFolder.of(ROOT, logging("bucket", "../../etc", "")))
                .contains(ROOT.resolve("bucket/_/_/etc"));
        assertThat(SessionLogFolder.of(ROOT, logging("", "", "a b;c")))
                .contains(ROOT.resolve("a_b_c"));
    }
}
