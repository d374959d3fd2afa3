package io.pathstats.common.ops;

/** One dependency a service needs; {@link #check()} must return quickly (use timeouts inside). */
public interface HealthCheck {
    String name();

    Status check();

    record Status(boolean up, String detail) {
        public static Status up(String detail) {
            return new Status(true, detail);
        }

        public static Status down(String detail) {
            return new Status(false, detail);
        }
    }
}
