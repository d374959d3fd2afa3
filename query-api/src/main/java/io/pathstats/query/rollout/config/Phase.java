package io.pathstats.query.rollout.config;


/** The rollout steps of the cache-migration write-ups, as presets over the same configuration. */
public enum Phase {
    /** Everyone on the legacy read path. */
    LEGACY_ONLY(0, false),
    /** Everyone on legacy; every Nth request is also answered by the new path off the request thread and compared. */
    SHADOW(0, true),
    /** Everyone on the new path; legacy answers when the new path fails. */
    NEW_PREFERRED(100, false),
    /** Everyone on the new path. */
    NEW_ONLY(100, false);

    private final int percentage;
    private final boolean comparison;

    Phase(int percentage, boolean comparison) {
        this.percentage = percentage;
        this.comparison = comparison;
    }

    public int percentage() {
        return percentage;
    }

    public boolean comparison() {
        return comparison;
    }
}
