package dev.warden.sandbox.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * JSON as the agent writes a Go map: object keys sorted at every level ({@code encoding/json} sorts map keys).
 * The agent sends the session document's properties that way in its HandshakeRequest, e.g.
 * {@code {"localPortNumber":"0","portNumber":"22","type":"LocalPortForwarding"}} (agent-side.md §2.5).
 */
final class GoMapJson {

    private GoMapJson() {
    }

    static JsonNode sortedCopy(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            Iterator<String> it = node.fieldNames();
            it.forEachRemaining(names::add);
            names.sort(null);
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                sorted.set(name, sortedCopy(node.get(name)));
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> array.add(sortedCopy(element)));
            return array;
        }
        return node.deepCopy();
    }
}
