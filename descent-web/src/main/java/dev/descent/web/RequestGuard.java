package dev.descent.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses requests a local server should never answer: a {@code Host} header other than the address it serves (a
 * page elsewhere reaching it through DNS rebinding), and state-changing requests (anything but GET and HEAD) from
 * another origin. Runs before every route and static file.
 */
final class RequestGuard {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final String boundHost;
    private volatile int port = -1;

    RequestGuard(String boundHost) {
        this.boundHost = boundHost.toLowerCase(Locale.ROOT);
    }

    void listeningOn(int port) {
        this.port = port;
    }

    void check(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || !allowedHost(host)) {
            throw new HttpResponseException(421, "this server answers only to its own address (Host '" + host + "')");
        }
        if (!SAFE_METHODS.contains(ctx.method().name())) {
            String origin = ctx.header("Origin");
            if (origin != null && !origin.equals("null") && !allowedOrigin(origin)) {
                throw new HttpResponseException(403, "requests from another site are refused (Origin '" + origin + "')");
            }
            if ((origin == null || origin.equals("null")) && "cross-site".equals(ctx.header("Sec-Fetch-Site"))) {
                throw new HttpResponseException(403, "requests from another site are refused");
            }
        }
    }

    /** Whether {@code host} (the Host header: name, optional port) names this server. */
    boolean allowedHost(String hostHeader) {
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        String name;
        String portText;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                return false;
            }
            name = h.substring(1, close);
            portText = h.length() > close + 1 && h.charAt(close + 1) == ':' ? h.substring(close + 2) : null;
        } else {
            int colon = h.lastIndexOf(':');
            name = colon < 0 ? h : h.substring(0, colon);
            portText = colon < 0 ? null : h.substring(colon + 1);
        }
        if (portText == null || !portText.equals(Integer.toString(port))) {
            return false;
        }
        if (name.equals(boundHost) || name.equals("[" + boundHost + "]")) {
            return true;
        }
        boolean boundLoopback = WebServer.isLoopback(boundHost);
        if (boundLoopback || WebServer.isWildcard(boundHost)) {
            if (name.equals("localhost") || isLoopbackLiteral(name)) {
                return true;
            }
        }
        // bound to every interface: any literal IP address is this machine's; a name could be an attacker's (rebinding)
        return WebServer.isWildcard(boundHost) && isIpLiteral(name);
    }

    private boolean allowedOrigin(String origin) {
        String o = origin.toLowerCase(Locale.ROOT);
        if (!o.startsWith("http://")) {
            return false;
        }
        return allowedHost(o.substring("http://".length()));
    }

    private static boolean isIpLiteral(String name) {
        if (name.isEmpty()) {
            return false;
        }
        boolean v4 = name.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        boolean v6 = name.contains(":") && name.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
        return v4 || v6;
    }

    private static boolean isLoopbackLiteral(String name) {
        if (!isIpLiteral(name)) {
            return false;
        }
        try {
            return InetAddress.getByName(name).isLoopbackAddress();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
