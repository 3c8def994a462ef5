package dev.warden.sandbox;

import dev.warden.sandbox.auth.StoredCredentials;
import dev.warden.sandbox.config.SandboxConfig;
import dev.warden.sandbox.dataplane.DataPlaneServer;
import dev.warden.sandbox.faults.ApiThrottling;
import dev.warden.sandbox.faults.Faults;
import dev.warden.sandbox.fleet.ManagedInstance;
import dev.warden.sandbox.sns.SnsTopics;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The whole local Session Manager service in one object: the control plane (SSM, STS and KMS over HTTP) and the
 * data plane (the {@code ssmmessages} websocket and an emulated agent per session), both on 127.0.0.1.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults())) {
 *     URI endpoint = sandbox.endpoint();                // --endpoint-url for the AWS CLI and SDKs
 *     String keyId = sandbox.accessKeyId();             // the default identity
 *     String secret = sandbox.secretAccessKey();
 *     List<ManagedInstance> instances = sandbox.fleet();
 * }
 * }</pre>
 *
 * StartSession returns StreamUrls of this sandbox's data plane. Ports are ephemeral unless the configuration
 * fixes them ({@code server.port}, {@code dataPlane.port}). Thread-safe.
 */
public final class Sandbox implements AutoCloseable {

    private final SandboxServer controlPlane;
    private final DataPlaneServer dataPlane;
    private final Faults faults;

    private Sandbox(SandboxServer controlPlane, DataPlaneServer dataPlane, Faults faults) {
        this.controlPlane = controlPlane;
        this.dataPlane = dataPlane;
        this.faults = faults;
    }

    /** Starts a sandbox with the defaults: six instances tagged prod, staging and dev; users alice and bob. */
    public static Sandbox start() {
        return start(SandboxConfig.defaults());
    }

    /** Starts both planes from {@code config} with the system clock. */
    public static Sandbox start(SandboxConfig config) {
        return start(config, Clock.systemUTC());
    }

    /**
     * Starts both planes with {@code clock} as the sandbox clock (signatures, credential expiry, session dates).
     * Idle and maximum-duration timeouts are checked against it too.
     */
    public static Sandbox start(SandboxConfig config, Clock clock) {
        Objects.requireNonNull(config, "config");
        Faults faults = new Faults(config.faults());
        DataPlaneServer[] dataPlane = new DataPlaneServer[1];
        SandboxServer controlPlane = SandboxServer.builder(config).clock(clock)
                .streamUrlBase(() -> config.streamUrlBase().orElseGet(() -> dataPlane[0].websocketBase()))
                .build();
        dataPlane[0] = new DataPlaneServer(controlPlane, faults);
        try {
            dataPlane[0].start();
            controlPlane.start();
        } catch (RuntimeException e) {
            dataPlane[0].close();
            controlPlane.close();
            throw e;
        }
        return new Sandbox(controlPlane, dataPlane[0], faults);
    }

    /** The SSM/STS/KMS endpoint, {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return controlPlane.endpoint();
    }

    /** The data plane's base, {@code ws://127.0.0.1:<port>}; StreamUrls start with it. */
    public URI dataChannelBase() {
        return dataPlane.websocketBase();
    }

    /** The region every credential scope must name, e.g. {@code us-east-1}. */
    public String region() {
        return controlPlane.config().region();
    }

    public String accountId() {
        return controlPlane.config().accountId();
    }

    /** The access key id of the default identity (the first configured credentials; alice by default). */
    public String accessKeyId() {
        return defaultIdentity().accessKeyId();
    }

    /** The secret access key of the default identity. */
    public String secretAccessKey() {
        return defaultIdentity().secretAccessKey();
    }

    /** The instances as they are now (tags and ping status may change through the API). */
    public List<ManagedInstance> fleet() {
        return controlPlane.fleet().all();
    }

    /** The live faults of the data plane; changes apply to the next decision (see {@link Faults}). */
    public Faults faults() {
        return faults;
    }

    /** The SNS topics and what was published to them (the sandbox has no subscribers). */
    public SnsTopics sns() {
        return controlPlane.sns();
    }

    /** The live throttling fault of the APIs (see {@link ApiThrottling}). */
    public ApiThrottling throttling() {
        return controlPlane.throttling();
    }

    /** The control plane, for its sessions, credentials, fleet and KMS. */
    public SandboxServer controlPlane() {
        return controlPlane;
    }

    public DataPlaneServer dataPlane() {
        return dataPlane;
    }

    /** Stops both planes: open data channels and agents end, then the HTTP server stops. Idempotent. */
    @Override
    public void close() {
        dataPlane.close();
        controlPlane.close();
    }

    private StoredCredentials defaultIdentity() {
        List<StoredCredentials> credentials = controlPlane.config().credentials();
        if (credentials.isEmpty()) {
            throw new IllegalStateException("the configuration has no credentials");
        }
        return credentials.get(0);
    }
}
