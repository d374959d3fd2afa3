package io.pathstats.common.ops;


/** A client error answered as {@code {"success":false,"error":{"code","message"}}} with the given status. */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ApiError badRequest(String parameter, String message) {
        return new ApiError(400, "invalid_" + parameter, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
