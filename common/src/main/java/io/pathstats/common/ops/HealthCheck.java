package io.pathstats.common.ops;


/** One dependency a service needs; {@link #check()} must return quickly (use timeouts inside). */
public interface HealthCheck {
    String name();

    Status check();

    static HealthCheck of(String name, java.util.function.Supplier<Status> check) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Status check() {
                return check.get();
            }
        };
    }

    record Status(boolean up, String detail) {
        public static Status up(String detail) {
            return new Status(true, detail);
        }

        public static Status down(String detail) {
            return new Status(false, detail);
        }
    }
}
