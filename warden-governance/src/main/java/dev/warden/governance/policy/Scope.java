package dev.warden.governance.policy;

import java.util.List;

/** The accounts and regions a pass covers: every account in every region. */
public record Scope(List<AccountScope> accounts, List<String> regions) {

    public Scope {
        accounts = List.copyOf(accounts);
        regions = List.copyOf(regions);
    }
}
