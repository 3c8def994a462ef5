package dev.warden.governance.watch;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import java.net.URI;
import java.util.function.Consumer;

/** One HTTP listener of watch (Javalin): the events endpoint, the metrics, or both on one port. */
public final class WatchServer implements AutoCloseable {

    private final Javalin app;
    private final URI uri;

    private WatchServer(Javalin app, String host) {
        this.app = app;
        this.uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + app.port());
    }

    /** Listens on {@code host}:{@code port} (0: a free port) with {@code routes}. */
    public static WatchServer start(String host, int port, Consumer<RoutesConfig> routes) {
        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.jetty.host = host;
            c.jetty.port = port;
            c.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            routes.accept(c.routes);
        }).start();
        return new WatchServer(app, host);
    }

    /** {@code http://host:port}, the port the listener got. */
    public URI uri() {
        return uri;
    }

    @Override
    public void close() {
        app.stop();
    }
}
