package timelab.fork;

import java.util.Objects;

/**
 * The JDK a JVM runs on, as that JVM's own system properties say: recorded for every process of a run, because
 * thread counts, pinning and the collectors differ between JDKs.
 *
 * @param version {@code java.version}, e.g. {@code 21.0.13}
 * @param vendor {@code java.vendor}, e.g. {@code Debian}
 * @param home {@code java.home}
 */
public record Jdk(String version, String vendor, String home) {

    /** The oldest JDK timelab runs on (its class files are compiled for it). */
    public static final int MINIMUM_FEATURE = 21;

    public Jdk {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(home, "home");
        if (version.isBlank()) {
            throw new IllegalArgumentException("a JDK version must not be blank");
        }
    }

    /** The JDK this JVM runs on. */
    public static Jdk current() {
        return new Jdk(System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("java.home"));
    }

    /** The feature release ({@code 21} for {@code 21.0.13}, {@code 8} for {@code 1.8.0_392}), -1 when unreadable. */
    public int feature() {
        String[] parts = version.split("[^0-9]+", -1);
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code 21.0.13 (Debian) at /usr/lib/jvm/java-21-openjdk-amd64}. */
    public String describe() {
        return version + " (" + vendor + ") at " + home;
    }
}
