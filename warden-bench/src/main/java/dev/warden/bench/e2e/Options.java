package dev.warden.bench.e2e;

import java.util.HashMap;
import java.util.Map;

/** The harness's few {@code --name value} options, with defaults; an unknown name is an error, not ignored. */
public final class Options {

    private Options() {
    }

    public static Map<String, String> parse(String[] args, Map<String, String> defaults) {
        Map<String, String> values = new HashMap<>(defaults);
        for (int i = 0; i < args.length; i += 2) {
            if (!defaults.containsKey(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: [--name value]..., names: " + defaults.keySet()
                        + "; got '" + args[i] + "'");
            }
            values.put(args[i], args[i + 1]);
        }
        return values;
    }
}
