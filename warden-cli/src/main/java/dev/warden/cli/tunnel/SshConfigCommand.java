package dev.warden.cli.tunnel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** {@code warden ssh-config}: prints a ready ~/.ssh/config block that sends instance hosts through ssh-proxy. */
@Command(
        name = "ssh-config",
        mixinStandardHelpOptions = true,
        description = "Prints an OpenSSH config block (Host i-* mi-*) whose ProxyCommand is `warden ssh-proxy %%h %%p`. "
                + "Append it to ~/.ssh/config: warden ssh-config >> ~/.ssh/config",
        footer = {"", "Exit codes: 0 printed, 2 invalid usage."})
public final class SshConfigCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Option(names = "--command", paramLabel = "PATH", defaultValue = "warden",
            description = "How ssh should start warden (default: warden, found on PATH).")
    private String command;

    @Option(names = "--profile", paramLabel = "NAME", description = "Put --profile NAME into the ProxyCommand.")
    private String profile;

    @Option(names = "--region", paramLabel = "REGION", description = "Put --region REGION into the ProxyCommand.")
    private String region;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder proxy = new StringBuilder(command).append(" ssh-proxy");
        if (profile != null) {
            proxy.append(" --profile ").append(profile);
        }
        if (region != null) {
            proxy.append(" --region ").append(region);
        }
        proxy.append(" %h %p");
        out.println("# Session Manager instances through warden (warden ssh-config).");
        out.println("# Credentials and region: AWS_PROFILE / AWS_REGION in the environment ssh runs in, or");
        out.println("# warden ssh-config --profile NAME --region REGION to write them into the ProxyCommand.");
        out.println("Host i-* mi-*");
        out.println("    ProxyCommand " + proxy);
        out.println("    ServerAliveInterval 60");
        out.flush();
    }
}
