package io.pathstats.query.rollout.routing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP literals only: nothing here ever triggers a DNS lookup. */
public final class IpAddresses {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpAddresses() {
    }

    /** The canonical text of an IPv4 or IPv6 literal (so equal addresses compare equal), or null if it is none. */
    public static String canonical(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        boolean v4 = IPV4.matcher(s).matches();
        boolean v6 = !v4 && s.contains(":") && IPV6_CHARS.matcher(s).matches();
        if (!v4 && !v6) {
            return null;
        }
        try {
            // with a literal (checked above) InetAddress only parses; it does not resolve
            return InetAddress.getByName(s).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
