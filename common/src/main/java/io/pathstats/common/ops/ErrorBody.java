package io.pathstats.common.ops;

import java.time.Instant;

/** The one error envelope of every HTTP answer >= 400: {@code {"success":false,"error":{"code","message"},"timestamp"}}. */
public record ErrorBody(boolean success, Error error, String timestamp) {
    public record Error(String code, String message) {
    }

    public static ErrorBody of(String code, String message) {
        return new ErrorBody(false, new Error(code, message), Instant.now().toString());
    }

    /** The code of an error Jetty or Javalin answered by itself, from its status. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "headers_too_large";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "http_" + status;
        };
    }
}
