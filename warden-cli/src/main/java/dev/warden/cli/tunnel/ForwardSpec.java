package dev.warden.cli.tunnel;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code ssh -L} style forwarding spec, {@code [BIND:]LOCALPORT:[REMOTEHOST:]REMOTEPORT}. IPv6 addresses are
 * written in brackets ({@code [::1]:8080:5432}). With three fields, a numeric first field is the local port
 * ({@code 8080:db.internal:5432}), otherwise it is the bind address ({@code 0.0.0.0:8080:5432}). A remote host of
 * {@code localhost} means the instance itself, as without one.
 *
 * @param bind       the local address to listen on (loopback by default)
 * @param localPort  0..65535; 0 picks a free port
 * @param remoteHost the host the instance connects to, or empty for the instance itself
 * @param remotePort 1..65535
 */
record ForwardSpec(InetAddress bind, int localPort, Optional<String> remoteHost, int remotePort) {

    static ForwardSpec parse(String spec) {
        List<String> fields = split(spec);
        String bind = null;
        String local;
        String host = null;
        String remote;
        switch (fields.size()) {
            case 2 -> {
                local = fields.get(0);
                remote = fields.get(1);
            }
            case 3 -> {
                if (isNumber(fields.get(0))) {
                    local = fields.get(0);
                    host = fields.get(1);
                } else {
                    bind = fields.get(0);
                    local = fields.get(1);
                }
                remote = fields.get(2);
            }
            case 4 -> {
                bind = fields.get(0);
                local = fields.get(1);
                host = fields.get(2);
                remote = fields.get(3);
            }
            default -> throw invalid(spec, "expected [BIND:]LOCALPORT:[REMOTEHOST:]REMOTEPORT");
        }
        int localPort = port(spec, local, "LOCALPORT", 0);
        int remotePort = port(spec, remote, "REMOTEPORT", 1);
        InetAddress bindAddress = bind == null ? InetAddress.getLoopbackAddress() : address(spec, bind);
        Optional<String> remoteHost = Optional.ofNullable(host).map(ForwardSpec::unbracket)
                .filter(h -> !h.equalsIgnoreCase("localhost"));
        if (remoteHost.isPresent() && remoteHost.get().isEmpty()) {
            throw invalid(spec, "REMOTEHOST is empty");
        }
        return new ForwardSpec(bindAddress, localPort, remoteHost, remotePort);
    }

    /** How the remote end is shown: {@code i-0abc:5432} or {@code db.internal:5432 via i-0abc}. */
    String describeRemote(String instanceId) {
        return remoteHost.map(h -> hostPort(h, remotePort) + " via " + instanceId)
                .orElse(instanceId + ":" + remotePort);
    }

    static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static List<String> split(String spec) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean bracket = false;
        for (char c : spec.toCharArray()) {
            if (c == '[') {
                if (bracket) {
                    throw invalid(spec, "unbalanced brackets");
                }
                bracket = true;
                current.append(c);
            } else if (c == ']') {
                if (!bracket) {
                    throw invalid(spec, "unbalanced brackets");
                }
                bracket = false;
                current.append(c);
            } else if (c == ':' && !bracket) {
                fields.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (bracket) {
            throw invalid(spec, "unbalanced brackets");
        }
        fields.add(current.toString());
        return fields;
    }

    private static int port(String spec, String value, String name, int min) {
        if (!isNumber(value)) {
            throw invalid(spec, name + " '" + value + "' is not a port number");
        }
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            port = Integer.MAX_VALUE;
        }
        if (port < min || port > 65535) {
            throw invalid(spec, name + " must be within " + min + "..65535");
        }
        return port;
    }

    private static InetAddress address(String spec, String bind) {
        String host = unbracket(bind);
        if (host.isEmpty() || host.equals("*")) {
            host = "0.0.0.0";
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw invalid(spec, "unknown bind address '" + bind + "'");
        }
    }

    private static String unbracket(String value) {
        return value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
    }

    private static boolean isNumber(String value) {
        return !value.isEmpty() && value.chars().allMatch(Character::isDigit);
    }

    private static IllegalArgumentException invalid(String spec, String why) {
        return new IllegalArgumentException("invalid forwarding spec '" + spec + "': " + why);
    }
}
