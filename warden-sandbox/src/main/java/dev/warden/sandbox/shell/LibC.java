package dev.warden.sandbox.shell;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The few libc calls Java does not offer: sending an arbitrary signal (the JDK can only send SIGTERM and
 * SIGKILL, and never to a process group) and asking for the effective user id.
 */
interface LibC extends Library {

    LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

    /** Signal numbers that are the same on every Unix. */
    int SIGINT = 2;
    int SIGQUIT = 3;
    int SIGKILL = 9;

    /** {@code kill(2)}: a negative pid addresses a process group. Returns 0 or -1. */
    int kill(int pid, int signal);

    int geteuid();
}
