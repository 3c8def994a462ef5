package dev.warden.sandbox.session;

/** What StartSession/ResumeSession hand out: the session (with its new cell-number) and a fresh token. */
public record SessionGrant(SessionSnapshot session, IssuedToken token) {
}
