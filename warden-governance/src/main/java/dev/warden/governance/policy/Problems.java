package dev.warden.governance.policy;

import com.fasterxml.jackson.core.JsonLocation;
import java.util.ArrayList;
import java.util.List;

/** Collects located problems while a policy is read, so that one run reports all of them. */
final class Problems {

    private final String file;
    private final LocatedYaml yaml;
    private final List<PolicyProblem> list = new ArrayList<>();

    Problems(String file, LocatedYaml yaml) {
        this.file = file;
        this.yaml = yaml;
    }

    void add(NodePath path, String message) {
        JsonLocation location = yaml.locate(path.pointer());
        int line = location == null ? 1 : location.getLineNr();
        int column = location == null ? 1 : location.getColumnNr();
        list.add(new PolicyProblem(file, line, column, path.display(), message));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    List<PolicyProblem> list() {
        return list;
    }
}
