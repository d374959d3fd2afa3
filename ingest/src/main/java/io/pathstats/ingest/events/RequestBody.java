package io.pathstats.ingest.events;

import io.javalin.http.Context;
import io.pathstats.common.ops.ApiError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A request body of the ingest endpoints, read whole (the events of one request are answered
 * together), decoded from gzip when {@code Content-Encoding: gzip} says so, and capped: over
 * {@code maxBytes} (declared or read, before or after decoding) is a 413, so a small compressed body
 * cannot expand without bound.
 */
public final class RequestBody {
    private RequestBody() {
    }

    public static byte[] read(Context ctx, int maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        String encoding = ctx.header("Content-Encoding");
        try {
            InputStream in = ctx.req().getInputStream();
            if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
                if (!encoding.trim().toLowerCase(Locale.ROOT).equals("gzip")) {
                    throw new ApiError(415, "unsupported_encoding", "Content-Encoding " + encoding + " is not supported; send gzip or none");
                }
                in = new GZIPInputStream(in, 64 * 1024);
            }
            return readCapped(in, maxBytes);
        } catch (ZipException e) {
            throw new ApiError(400, "invalid_body", "the body is not valid gzip (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new ApiError(400, "invalid_body", "the body could not be read (" + e.getMessage() + ")");
        }
    }

    private static byte[] readCapped(InputStream in, int maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 64 * 1024));
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > maxBytes) {
                throw tooLarge(maxBytes);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static ApiError tooLarge(int maxBytes) {
        return new ApiError(413, "body_too_large", "the body is larger than " + maxBytes + " bytes (after gzip decoding); send fewer "
                + "events per request");
    }
}
