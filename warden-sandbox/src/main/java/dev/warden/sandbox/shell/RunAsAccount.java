package dev.warden.sandbox.shell;

/** A local account a session process can run as: its name and its numeric user and primary group ids. */
record RunAsAccount(String name, long uid, long gid) {
}
