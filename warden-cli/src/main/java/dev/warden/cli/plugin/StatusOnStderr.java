package dev.warden.cli.plugin;

import dev.warden.client.SessionListener;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Shows a session's events on stderr, one line each, so stdout carries only what the session delivers (for an SSH
 * ProxyCommand, nothing but the remote bytes).
 */
final class StatusOnStderr implements SessionListener {

    private final PrintStream err;

    StatusOnStderr(PrintStream err) {
        this.err = err;
    }

    void say(String message) {
        err.print("\r\n" + message + "\r\n"); // a raw terminal needs the carriage returns; pipes ignore them
        err.flush();
    }

    @Override
    public void onCustomerMessage(String message) {
        say(message);
    }

    @Override
    public void onConnectionLost(Throwable cause) {
        say("warden: the data channel was lost; resuming the session.");
    }

    @Override
    public void onResumed(ResumeTrigger trigger, int connectionNumber, Duration took) {
        if (trigger == ResumeTrigger.CONNECTION_LOST) {
            say("warden: the session resumed after " + took.toMillis() + " ms.");
        }
    }

    @Override
    public void onConnectToPortError() {
        say("Connection to destination port failed, check SSM Agent logs.");
    }

    @Override
    public void onWarning(String message) {
        say("warden: " + message);
    }
}
