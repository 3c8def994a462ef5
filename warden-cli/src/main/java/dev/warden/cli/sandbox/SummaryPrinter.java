package dev.warden.cli.sandbox;

import java.io.PrintWriter;

/** Prints a running sandbox's facts for a person: endpoint, credentials, instances, commands to try. */
final class SummaryPrinter {

    private final PrintWriter out;

    SummaryPrinter(PrintWriter out) {
        this.out = out;
    }

    void print(SandboxSummary summary) {
        out.println("Warden sandbox is running. Ctrl-C stops it.");
        out.println();
        out.printf("  endpoint      %s   (SSM, STS and KMS: use it as --endpoint-url)%n", summary.endpoint());
        out.printf("  data channel  %s%n", summary.dataChannelBase());
        out.printf("  region        %s%n", summary.region());
        out.printf("  account       %s%n", summary.accountId());
        out.printf("  access key    %s%n", summary.accessKeyId());
        out.printf("  secret key    %s%n", summary.secretAccessKey());
        out.println();
        out.println("Instances:");
        for (SandboxSummary.Instance instance : summary.instances()) {
            out.printf("  %-21s %-16s %-8s agent %-12s %s%n", instance.instanceId(), instance.name(),
                    instance.environment(), instance.agentVersion(), instance.pingStatus());
        }
        out.println();
        out.println("Try, with the AWS CLI v2:");
        out.println("  " + summary.exportLine());
        for (String command : summary.exampleCommands()) {
            out.println("  " + command);
        }
        out.println();
        out.println("With a session-manager-plugin on PATH:");
        out.println("  " + summary.sessionCommand());
    }
}
