package dev.warden.governance.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer tokens that open the dashboard, each with its role and a name for the audit trail. Only their SHA-256
 * hashes are kept, and a presented token is compared with each in constant time: no token is ever logged, rendered
 * or repeated in an error.
 *
 * <p>Sources: the environment variables {@value #OPERATOR_ENV} and {@value #VIEWER_ENV} (comma-separated tokens)
 * and a token file whose lines read {@code operator|viewer TOKEN [NAME]} ({@code #} starts a comment).
 */
public final class AccessTokens {

    public static final String OPERATOR_ENV = "WARDEN_DASHBOARD_OPERATOR_TOKENS";
    public static final String VIEWER_ENV = "WARDEN_DASHBOARD_VIEWER_TOKENS";
    /** Shorter tokens are refused: they could be guessed. */
    public static final int MIN_LENGTH = 16;

    /** A token's identity without the token: its role and the name the audit trail gives its holder. */
    public record Holder(Role role, String name) {
    }

    private record Entry(byte[] hash, Holder holder) {
    }

    private final List<Entry> entries;

    private AccessTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Tokens given in code (tests, embedding): token → holder. */
    public static AccessTokens of(Map<String, Holder> tokens) {
        List<Entry> entries = new ArrayList<>();
        tokens.forEach((token, holder) -> entries.add(new Entry(hash(checked(token, holder.name())), holder)));
        return new AccessTokens(entries);
    }

    /**
     * The tokens of the environment and of {@code file} (when given). Throws {@link IllegalArgumentException} with a
     * one-line message (never the token itself) when a token is too short, a line is malformed or no token is set.
     */
    public static AccessTokens load(Map<String, String> env, Optional<Path> file) {
        List<Entry> entries = new ArrayList<>();
        fromEnv(env, OPERATOR_ENV, Role.OPERATOR, entries);
        fromEnv(env, VIEWER_ENV, Role.VIEWER, entries);
        if (file.isPresent()) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file.get(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the token file " + file.get() + ": " + e.getMessage());
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s+");
                String where = file.get() + ":" + (i + 1);
                if (parts.length < 2 || parts.length > 3) {
                    throw new IllegalArgumentException(where + ": expected 'operator|viewer TOKEN [NAME]'");
                }
                Role role = switch (parts[0]) {
                    case "operator" -> Role.OPERATOR;
                    case "viewer" -> Role.VIEWER;
                    default -> throw new IllegalArgumentException(where + ": the role is 'operator' or 'viewer', not '"
                            + parts[0] + "'");
                };
                String name = parts.length == 3 ? parts[2] : role.label() + "@" + where;
                entries.add(new Entry(hash(checked(parts[1], where)), new Holder(role, name)));
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no dashboard token: set " + OPERATOR_ENV + " or " + VIEWER_ENV
                    + ", or give --token-file");
        }
        return new AccessTokens(entries);
    }

    private static void fromEnv(Map<String, String> env, String variable, Role role, List<Entry> entries) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return;
        }
        String[] tokens = value.split(",");
        for (int i = 0; i < tokens.length; i++) {
            String name = role.label() + "@" + variable + "#" + (i + 1);
            entries.add(new Entry(hash(checked(tokens[i].strip(), name)), new Holder(role, name)));
        }
    }

    private static String checked(String token, String where) {
        if (token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the dashboard token of " + where + " is shorter than " + MIN_LENGTH
                    + " characters");
        }
        return token;
    }

    /** Who holds {@code presented}, if it is one of the tokens. Every entry is compared, in constant time. */
    public Optional<Holder> holderOf(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] h = hash(presented);
        Holder found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.hash(), h) && found == null) {
                found = e.holder();
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "AccessTokens(" + entries.size() + " token(s))";
    }
}
