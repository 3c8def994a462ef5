package dev.warden.governance.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint an EventBridge API destination posts events to: {@code POST} of one event, authenticated by the
 * connection's API-key header. 401 without the key (nothing is read), 400 for a body that is not an event (not
 * retried by EventBridge), 500 when handling failed (EventBridge retries), else 200.
 */
public final class EventEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(EventEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String headerName;
    private final ApiKey key;
    private final EventIntake intake;

    public EventEndpoint(String headerName, ApiKey key, EventIntake intake) {
        this.headerName = headerName;
        this.key = key;
        this.intake = intake;
    }

    public void register(RoutesConfig routes, String path) {
        routes.post(path, this::handle);
    }

    private void handle(Context ctx) {
        if (!key.matches(ctx.header(headerName))) {
            LOG.warn("Refused an event from {}: missing or wrong {} header", ctx.ip(), headerName);
            answer(ctx, 401, "error", "missing or wrong " + headerName + " header");
            return;
        }
        try {
            EventIntake.Outcome outcome = intake.accept(ctx.body());
            answer(ctx, 200, "outcome", outcome.name());
        } catch (MalformedEventException e) {
            answer(ctx, 400, "error", "not a CloudTrail event: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Could not handle an event; the sender retries: {}", e.toString());
            answer(ctx, 500, "error", "the event could not be handled now; send it again");
        }
    }

    private static void answer(Context ctx, int status, String field, String value) {
        ctx.status(status).contentType("application/json").result(JSON.createObjectNode().put(field, value).toString());
    }
}
