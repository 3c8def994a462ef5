package dev.warden.governance.prefs;

/**
 * A session preference that does not enforce the policy, with its evidence.
 *
 * @param document     the Session document's name
 * @param version      the document version read
 * @param field        the input, e.g. {@code maxSessionDuration}
 * @param expected     what the strictest tier needs
 * @param actual       what the document holds
 * @param remediable   whether {@code --remediate} can set it (a missing log bucket cannot be invented)
 */
public record PreferenceFinding(String document, String version, String field, String expected, String actual,
                                boolean remediable) {
}
