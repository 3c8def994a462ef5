package dev.warden.cli.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether a session document runs a shell (Standard_Stream, InteractiveCommands, NonInteractiveCommands) or a
 * port session (Port). The client must choose before the handshake names the type, so this decides from the
 * document: AWS's own documents by name, any other by its {@code sessionType} (GetDocument), and when the document
 * cannot be read, by its parameters ({@code portNumber} means a port session).
 */
public enum SessionKind {
    SHELL,
    PORT;

    private static final Map<String, SessionKind> AWS_DOCUMENTS = Map.of(
            PluginRequest.DEFAULT_DOCUMENT, SHELL,
            "AWS-StartInteractiveCommand", SHELL,
            "AWS-StartNonInteractiveCommand", SHELL,
            "AWS-StartSSHSession", PORT,
            "AWS-StartPortForwardingSession", PORT,
            "AWS-StartPortForwardingSessionToRemoteHost", PORT,
            "AWS-StartPortForwardingSessionToSocket", PORT);

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The kind of the request's document.
     *
     * @param documentContent reads a document's JSON content by name; empty when it cannot (no permission, an
     *                        endpoint without GetDocument)
     */
    public static SessionKind of(PluginRequest request, Function<String, Optional<String>> documentContent) {
        SessionKind known = AWS_DOCUMENTS.get(request.documentName());
        if (known != null) {
            return known;
        }
        Optional<String> sessionType = documentContent.apply(request.documentName()).flatMap(SessionKind::typeOf);
        if (sessionType.isPresent()) {
            return "Port".equals(sessionType.get()) ? PORT : SHELL;
        }
        return request.parameter("portNumber") != null ? PORT : SHELL;
    }

    private static Optional<String> typeOf(String content) {
        try {
            JsonNode type = JSON.readTree(content).get("sessionType");
            return type != null && type.isTextual() ? Optional.of(type.textValue()) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty(); // YAML documents or junk: fall back to the parameters
        }
    }
}
