package dev.warden.sandbox.fleet;

/** An instance's agent connectivity, as DescribeInstanceInformation reports it. */
public enum PingStatus {
    Online, ConnectionLost, Inactive
}
