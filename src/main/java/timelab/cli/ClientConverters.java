package timelab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters of the {@code client} command: port lists, address ranges, sizes. Pure. */
final class ClientConverters {

    /** More than this many source addresses or ports is a typo, not a plan. */
    static final int MAX_RANGE = 4096;

    private ClientConverters() {}

    /** {@code 45000}, {@code 45000-45003}, {@code 45000,45002}: a list of ports. */
    static List<Integer> ports(String value) {
        List<Integer> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String p = part.strip();
            int dash = p.indexOf('-');
            int lo = port(dash < 0 ? p : p.substring(0, dash), value);
            int hi = dash < 0 ? lo : port(p.substring(dash + 1), value);
            if (hi < lo || out.size() + (hi - lo) >= MAX_RANGE) {
                throw new IllegalArgumentException("'" + value + "' is not a port range (low-high, at most "
                        + MAX_RANGE + " ports)");
            }
            for (int i = lo; i <= hi; i++) {
                out.add(i);
            }
        }
        return out;
    }

    private static int port(String s, String whole) {
        try {
            int p = Integer.parseInt(s.strip());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("'" + whole + "': '" + s + "' is not a port (1-65535)");
    }

    /**
     * {@code 127.0.0.1-127.0.0.20}, {@code 127.0.0.1-20}, {@code 127.0.0.1,127.0.0.2}: IPv4 addresses (a range
     * expands; anything else, e.g. an IPv6 address, is taken as written).
     */
    static List<String> addresses(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String p = part.strip();
            int dash = p.indexOf('-');
            if (dash < 0) {
                if (p.isEmpty()) {
                    throw new IllegalArgumentException("'" + value + "' has an empty address");
                }
                if (p.matches("[0-9.]+")) {
                    ipv4(p, value); // looks like IPv4: must be one
                }
                out.add(p);
                continue;
            }
            long lo = ipv4(p.substring(0, dash), value);
            String right = p.substring(dash + 1).strip();
            long hi = right.contains(".") ? ipv4(right, value) : (lo & ~0xffL) | octet(right, value);
            if (hi < lo || out.size() + (hi - lo) >= MAX_RANGE) {
                throw new IllegalArgumentException("'" + value + "' is not an address range (low-high, at most "
                        + MAX_RANGE + " addresses)");
            }
            for (long a = lo; a <= hi; a++) {
                out.add(((a >> 24) & 0xff) + "." + ((a >> 16) & 0xff) + "." + ((a >> 8) & 0xff) + "." + (a & 0xff));
            }
        }
        return out;
    }

    private static long ipv4(String s, String whole) {
        String[] f = s.strip().split("\\.");
        if (f.length != 4) {
            throw new IllegalArgumentException("'" + whole + "': '" + s + "' is not an IPv4 address");
        }
        long a = 0;
        for (String o : f) {
            a = (a << 8) | octet(o, whole);
        }
        return a;
    }

    private static long octet(String s, String whole) {
        try {
            int n = Integer.parseInt(s.strip());
            if (n >= 0 && n <= 255) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("'" + whole + "': '" + s + "' is not an address byte (0-255)");
    }

    /** {@code 512m}, {@code 4g}, {@code 100k}, {@code 1048576}: bytes. */
    static long size(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
        switch (last) {
            case 'k' -> unit = 1L << 10;
            case 'm' -> unit = 1L << 20;
            case 'g' -> unit = 1L << 30;
            case 't' -> unit = 1L << 40;
            default -> unit = 1;
        }
        String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
        try {
            long n = Long.parseLong(digits);
            if (n >= 0 && n <= Long.MAX_VALUE / unit) {
                return n * unit;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("'" + value + "' is not a size (e.g. 512m, 4g)");
    }

    static final class PortsConverter implements ITypeConverter<List<Integer>> {
        @Override
        public List<Integer> convert(String value) {
            try {
                return ports(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class AddressesConverter implements ITypeConverter<List<String>> {
        @Override
        public List<String> convert(String value) {
            try {
                return addresses(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return size(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
