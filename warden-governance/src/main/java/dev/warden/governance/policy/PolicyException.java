package dev.warden.governance.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy file that cannot be used; carries every problem found, not just the first. */
public final class PolicyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<PolicyProblem> problems;

    public PolicyException(List<PolicyProblem> problems) {
        super(problems.stream().map(PolicyProblem::toString).collect(Collectors.joining(System.lineSeparator())));
        this.problems = List.copyOf(problems);
    }

    public List<PolicyProblem> problems() {
        return problems;
    }
}
