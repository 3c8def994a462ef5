package dev.warden.sandbox.ssm.document;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.sandbox.protocol.AwsJson;
import java.util.Map;

/**
 * The session documents every account has: the AWS-owned ones (agent-side.md §6.3) and the account's
 * {@code SSM-SessionManagerRunShell} preferences document (§6.2). The AWS-owned contents follow AWS's
 * documents; descriptions and allowed patterns are AWS's where known (the port patterns and the host
 * pattern appear in AWS's error messages), otherwise equivalent.
 */
public final class BuiltInDocuments {

    public static final String PREFERENCES = "SSM-SessionManagerRunShell";

    static final String PORT_PATTERN =
            "^([1-9]|[1-9][0-9]{1,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$";
    static final String LOCAL_PORT_PATTERN =
            "^([0-9]|[1-9][0-9]{1,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$";
    static final String HOST_PATTERN = "^[^,$^&\\(\\)!;'\"<>\\`{}\\[\\]\\|#=]{3,}$";

    private BuiltInDocuments() {
    }

    /** Installs the built-in documents into an empty store. */
    public static void install(DocumentStore store, String accountId, Map<String, Object> preferences) {
        aws(store, "AWS-StartPortForwardingSession", portForwarding(false));
        aws(store, "AWS-StartPortForwardingSessionToRemoteHost", portForwarding(true));
        aws(store, "AWS-StartSSHSession", ssh());
        aws(store, "AWS-StartInteractiveCommand", command("InteractiveCommands"));
        aws(store, "AWS-StartNonInteractiveCommand", command("NonInteractiveCommands"));
        store.create(PREFERENCES, accountId, "Session", null, render(preferencesDocument(preferences)),
                DocumentFormat.JSON, null, null, Map.of());
    }

    /** The preferences document as AWS's console writes it, with {@code inputs} from the configuration. */
    public static ObjectNode preferencesDocument(Map<String, Object> inputs) {
        ObjectNode doc = AwsJson.object();
        doc.put("schemaVersion", "1.0");
        doc.put("description", "Document to hold regional settings for Session Manager");
        doc.put("sessionType", "Standard_Stream");
        doc.set("inputs", AwsJson.mapper().valueToTree(inputs));
        return doc;
    }

    private static void aws(DocumentStore store, String name, ObjectNode content) {
        store.create(name, StoredDocument.AMAZON, "Session", null, render(content), DocumentFormat.JSON, null, null,
                Map.of());
    }

    private static ObjectNode portForwarding(boolean remoteHost) {
        ObjectNode doc = header(remoteHost
                ? "Document to start port forwarding session over Session Manager to a remote host"
                : "Document to start port forwarding session over Session Manager", "Port");
        ObjectNode params = doc.putObject("parameters");
        param(params, "portNumber", "(Optional) Port number of the server on the instance", "80", PORT_PATTERN);
        param(params, "localPortNumber", "(Optional) Port number on local machine to forward traffic to. An open port"
                + " is chosen at run-time if not provided", "0", LOCAL_PORT_PATTERN);
        if (remoteHost) {
            param(params, "host", "(Required) The hostname or IP address of the destination server", null,
                    HOST_PATTERN);
        }
        ObjectNode props = doc.putObject("properties");
        props.put("portNumber", "{{ portNumber }}");
        props.put("type", "LocalPortForwarding");
        props.put("localPortNumber", "{{ localPortNumber }}");
        if (remoteHost) {
            props.put("host", "{{ host }}");
        }
        return doc;
    }

    private static ObjectNode ssh() {
        ObjectNode doc = header("Document to start SSH session over Session Manager", "Port");
        param(doc.putObject("parameters"), "portNumber", "(Optional) Port number of SSH server on the instance", "22",
                PORT_PATTERN);
        doc.putObject("properties").put("portNumber", "{{ portNumber }}");
        return doc;
    }

    private static ObjectNode command(String sessionType) {
        ObjectNode doc = header("Document to run a single command in an "
                + ("InteractiveCommands".equals(sessionType) ? "interactive" : "non-interactive")
                + " session", sessionType);
        param(doc.putObject("parameters"), "command", "(Required) The command to run on the instance", null, null);
        ObjectNode props = doc.putObject("properties");
        for (String platform : new String[] {"windows", "linux", "macos"}) {
            ObjectNode p = props.putObject(platform);
            p.put("commands", "{{ command }}");
            p.put("runAsElevated", false);
        }
        return doc;
    }

    private static ObjectNode header(String description, String sessionType) {
        ObjectNode doc = AwsJson.object();
        doc.put("schemaVersion", "1.0");
        doc.put("description", description);
        doc.put("sessionType", sessionType);
        return doc;
    }

    private static void param(ObjectNode params, String name, String description, String defaultValue, String pattern) {
        ObjectNode p = params.putObject(name);
        p.put("type", "String");
        p.put("description", description);
        if (pattern != null) {
            p.put("allowedPattern", pattern);
        }
        if (defaultValue != null) {
            p.put("default", defaultValue);
        }
    }

    private static String render(ObjectNode node) {
        try {
            return AwsJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
