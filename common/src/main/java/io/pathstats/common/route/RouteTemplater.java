package io.pathstats.common.route;

import java.util.List;

/**
 * The route of a path: the first operator rule that matches, else the path with its id-like
 * segments replaced by their class ({@link SegmentClasses}), else the path itself. Immutable and
 * thread-safe; a rule change makes a new templater. Segments are compared in place: no split, no
 * regular expression, no allocation for a path that keeps its shape.
 */
public final class RouteTemplater {
    private final List<CompiledRule> rules;

    private record CompiledRule(RouteRule rule, String[] segments, boolean tail) {
        static CompiledRule of(RouteRule r) {
            List<String> s = RouteRule.segments(r.pattern());
            boolean tail = !s.isEmpty() && s.get(s.size() - 1).equals("**");
            return new CompiledRule(r, (tail ? s.subList(0, s.size() - 1) : s).toArray(new String[0]), tail);
        }

        /** Whether {@code path} (starting with /) matches, segment by segment. */
        boolean matches(String path) {
            int at = 1;
            for (String want : segments) {
                if (at > path.length()) {
                    return false;
                }
                int end = path.indexOf('/', at);
                if (end < 0) {
                    end = path.length();
                }
                boolean variable = want.startsWith("{");
                if (variable ? end == at : !path.regionMatches(at, want, 0, want.length()) || end - at != want.length()) {
                    return false;
                }
                at = end + 1;
            }
            return tail || at == path.length() + 1;
        }
    }

    public RouteTemplater(List<RouteRule> rules) {
        this.rules = rules.stream().map(CompiledRule::of).toList();
    }

    private static final RouteTemplater BUILT_IN = new RouteTemplater(List.of());

    /** No operator rules: the built-in segment classes only. */
    public static RouteTemplater builtIn() {
        return BUILT_IN;
    }

    public String route(String path) {
        return derive(path).route();
    }

    /** The route and whether an operator rule or the built-in classes named it. */
    public Routed derive(String path) {
        for (CompiledRule r : rules) {
            if (r.matches(path)) {
                return new Routed(r.rule().keepRaw() ? path : r.rule().pattern(), RouteSource.RULE);
            }
        }
        return new Routed(classified(path), RouteSource.CLASSES);
    }

    /** The path with each segment replaced by its class; the same instance when none changes. */
    static String classified(String path) {
        StringBuilder out = null;
        int start = 1;
        int n = path.length();
        for (int i = 1; i <= n; i++) {
            if (i == n || path.charAt(i) == '/') {
                String segment = path.substring(start, i);
                String replaced = SegmentClasses.classify(segment);
                if (replaced != segment && out == null) {
                    out = new StringBuilder(n + 8).append(path, 0, start);
                }
                if (out != null) {
                    out.append(replaced);
                    if (i < n) {
                        out.append('/');
                    }
                }
                start = i + 1;
            }
        }
        return out == null ? path : out.toString();
    }
}
