package dev.warden.sandbox.ssm.document;

import java.time.Instant;

/**
 * One version of a document.
 *
 * @param number      1, 2, …
 * @param content     the content exactly as created or updated
 * @param format      how {@code content} is written
 * @param versionName optional VersionName, or null
 * @param displayName optional DisplayName, or null
 * @param createdDate when this version was created
 * @param hash        hex SHA-256 of the content
 */
public record DocumentVersion(int number, String content, DocumentFormat format, String versionName,
                              String displayName, Instant createdDate, String hash) {
}
