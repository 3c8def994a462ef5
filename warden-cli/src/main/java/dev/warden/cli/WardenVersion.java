package dev.warden.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Reports the version the build stamped into {@code warden-version.properties}. */
public final class WardenVersion implements IVersionProvider {

    /** The project version, or "unknown" when run from classes that were not built by Maven. */
    public static String current() {
        try (InputStream in = WardenVersion.class.getResourceAsStream("/warden-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"warden " + current()};
    }
}
