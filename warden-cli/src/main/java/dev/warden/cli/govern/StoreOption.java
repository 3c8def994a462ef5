package dev.warden.cli.govern;

import picocli.CommandLine.Option;

/** {@code --store}: where the governance store is; shared by every command that reads or writes it. */
public final class StoreOption {

    @Option(names = "--store", paramLabel = "LOCATION", defaultValue = "${env:WARDEN_STORE:-warden-governance.db}",
            description = "A SQLite file (created when missing) or a jdbc:postgresql:// URL. Default: "
                    + "$WARDEN_STORE, else warden-governance.db in the current directory. (Put PostgreSQL "
                    + "passwords in WARDEN_STORE rather than on the command line.)")
    String location;

    public String location() {
        return location;
    }
}
