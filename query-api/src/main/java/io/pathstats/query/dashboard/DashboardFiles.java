package io.pathstats.query.dashboard;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.pathstats.common.ops.ApiError;
import io.pathstats.common.ops.ServiceRoutes;
import io.pathstats.query.api.ETags;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard page ({@code GET /}) and its files ({@code /dashboard/...}), served from the jar:
 * no CDN, so it works offline. Only the files listed here are served (read once at start); each
 * with an ETag of its content, so a reload revalidates instead of downloading again.
 */
public final class DashboardFiles implements ServiceRoutes {
    private record File(byte[] bytes, String contentType, String etag) {
    }

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "vendor/uPlot.iife.min.js", "text/javascript; charset=utf-8",
            "vendor/uPlot.min.css", "text/css; charset=utf-8");

    private final Map<String, File> files;

    public DashboardFiles() {
        java.util.HashMap<String, File> loaded = new java.util.HashMap<>();
        FILES.forEach((name, type) -> loaded.put(name, load(name, type)));
        this.files = Map.copyOf(loaded);
    }

    private static File load(String name, String type) {
        try (InputStream in = DashboardFiles.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard file " + name + " is missing from the jar");
            }
            byte[] bytes = in.readAllBytes();
            return new File(bytes, type, ETags.strong(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/", ctx -> serve(ctx, "index.html"));
        routes.get("/dashboard/{file}", ctx -> serve(ctx, ctx.pathParam("file")));
        routes.get("/dashboard/vendor/{file}", ctx -> serve(ctx, "vendor/" + ctx.pathParam("file")));
    }

    private void serve(Context ctx, String name) {
        File f = files.get(name);
        if (f == null) {
            throw new ApiError(404, "not_found", "no dashboard file " + name);
        }
        ctx.header("ETag", f.etag()).header("Cache-Control", "no-cache").header("X-Content-Type-Options", "nosniff");
        if (ETags.matches(ctx.header("If-None-Match"), f.etag())) {
            ctx.status(304);
            return;
        }
        ctx.contentType(f.contentType()).result(f.bytes());
    }
}
