package dev.warden.governance.policy;

/**
 * Where a value sits in the policy: the JSON pointer (to find its location) and the path users read,
 * {@code tiers[1].match.Environment}.
 */
record NodePath(String pointer, String display) {

    static final NodePath ROOT = new NodePath("", "");

    NodePath key(String name) {
        String escaped = name.replace("~", "~0").replace("/", "~1");
        return new NodePath(pointer + "/" + escaped, display.isEmpty() ? name : display + "." + name);
    }

    NodePath index(int i) {
        return new NodePath(pointer + "/" + i, display + "[" + i + "]");
    }
}
