package dev.warden.sandbox.dataplane;

import dev.warden.sandbox.auth.AuthFailure;
import dev.warden.sandbox.auth.AuthenticationException;
import dev.warden.sandbox.auth.SignedHttpRequest;
import dev.warden.sandbox.auth.VerifiedCaller;
import dev.warden.sandbox.session.StreamUrls;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether an HTTP request may become a data channel, before anything else happens on the connection:
 * the path must be {@code /v1/data-channel/<SessionId>} of a session the service knows; a signed upgrade must
 * verify (service {@code ssmmessages}); an unsigned one is accepted as from clients before 1.2.764 unless the
 * configuration requires signatures. Then it completes the websocket handshake and hands the connection to a
 * {@link DataChannelConnection}, which waits for the OpenDataChannel token.
 */
final class UpgradeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(UpgradeHandler.class);
    static final String SERVICE = "ssmmessages";

    private final DataPlaneContext context;

    UpgradeHandler(DataPlaneContext context) {
        this.context = context;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String uri = request.uri();
        int question = uri.indexOf('?');
        String rawPath = question < 0 ? uri : uri.substring(0, question);
        String rawQuery = question < 0 ? "" : uri.substring(question + 1);
        Optional<String> sessionId = StreamUrls.sessionIdOf(rawPath);
        if (!request.method().equals(HttpMethod.GET) || sessionId.isEmpty()) {
            UpgradeRejection.send(ctx, HttpResponseStatus.NOT_FOUND, "UnknownOperationException",
                    "No data channel at " + rawPath);
            return;
        }
        if (!"websocket".equalsIgnoreCase(request.headers().get("Upgrade"))) {
            UpgradeRejection.send(ctx, HttpResponseStatus.BAD_REQUEST, "ValidationException",
                    "A data channel is a websocket; the request is not an upgrade.");
            return;
        }
        if (context.faults().current().rejectDataChannel()) {
            UpgradeRejection.send(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "ServiceUnavailableException",
                    "The data channel is unavailable (sandbox fault rejectDataChannel).");
            return;
        }
        Optional<VerifiedCaller> caller;
        try {
            caller = authenticate(rawPath, rawQuery, request);
        } catch (AuthenticationException e) {
            LOG.debug("Refused a data-channel upgrade for session {}: {}", sessionId.get(), e.getMessage());
            UpgradeRejection.send(ctx, HttpResponseStatus.FORBIDDEN, e.failure().jsonCode(), e.getMessage());
            return;
        }
        if (context.registry().find(sessionId.get()).isEmpty()) {
            UpgradeRejection.send(ctx, HttpResponseStatus.NOT_FOUND, "DoesNotExistException",
                    "Session " + sessionId.get() + " does not exist.");
            return;
        }
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                "ws://" + request.headers().get("Host") + rawPath, null, false, DataPlaneServer.MAX_MESSAGE_BYTES)
                .newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        // On the event loop nothing is read before this method returns, so the pipeline is complete before the
        // first websocket frame arrives.
        handshaker.handshake(ctx.channel(), request);
        DataChannelConnection connection = new DataChannelConnection(context, sessionId.get(),
                caller.flatMap(VerifiedCaller::credentialsExpiryTime));
        ctx.pipeline().addAfter(ctx.name(), "ws-aggregator",
                new WebSocketFrameAggregator(DataPlaneServer.MAX_MESSAGE_BYTES));
        ctx.pipeline().addAfter("ws-aggregator", "data-channel", connection);
        ctx.pipeline().addFirst("flush-consolidation", flushConsolidation());
        ctx.pipeline().remove(this);
    }

    /**
     * The session flushes after every frame it handles, and each client frame is its own task on the loop: one
     * write system call per acknowledgement. This joins the flushes of a read, and of the tasks queued so far.
     */
    static FlushConsolidationHandler flushConsolidation() {
        return new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true);
    }

    private Optional<VerifiedCaller> authenticate(String rawPath, String rawQuery, FullHttpRequest request) {
        boolean signed = request.headers().contains("Authorization");
        if (!signed) {
            if (context.settings().requireSignedUpgrade()) {
                throw new AuthenticationException(AuthFailure.MISSING_AUTHENTICATION_TOKEN);
            }
            return Optional.empty();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach(h -> headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue()));
        SignedHttpRequest signedRequest = new SignedHttpRequest("GET", rawPath, rawQuery, headers, new byte[0]);
        return Optional.of(context.verifier().verify(signedRequest, SERVICE));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Data-channel upgrade failed: {}", cause.toString());
        ctx.close();
    }
}
