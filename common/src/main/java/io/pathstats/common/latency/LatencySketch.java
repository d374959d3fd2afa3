package io.pathstats.common.latency;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.nio.ByteBuffer;

/**
 * The latency sketch of an aggregate row: DDSketch's logarithmic buckets (relative accuracy 1%)
 * over latencies in microseconds, stored in PostgreSQL as a sparse {@code bigint[]} and merged
 * there and here by adding the counts of equal bins, so a sketch merged over any hours and proxies
 * keeps the same guarantee: every quantile within 1% of the true one.
 *
 * <p>Stored format (docs/architecture.md, "Latency sketches"): one element per non-empty bin,
 * sorted, {@code bin << 40 | count}. Bin 0 holds latencies of 0 µs; a latency v >= 1 µs lies in bin
 * {@code floor(ln(v) * MULTIPLIER) + 1}, which is DDSketch's index of v plus one, so that the SQL
 * function {@code latency_bin} that fills the bins and the library that reads quantiles agree
 * ({@code LatencySketchSqlIT} checks the two). One hour is bin 1101; a bin
 * counts up to 2^40 (10^12) events per row. One array rather than two keeps a merge one walk over
 * two sorted arrays in SQL ({@code latency_sketch_merge}, migration V8).
 */
public final class LatencySketch {
    public static final double RELATIVE_ACCURACY = 0.01;
    /** DDSketch's multiplier for the logarithmic mapping: 1 / ln((1 + a) / (1 - a)). */
    public static final double MULTIPLIER = 1 / Math.log((1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY));
    public static final int COUNT_BITS = 40;
    public static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
    private static final LogarithmicMapping MAPPING = new LogarithmicMapping(RELATIVE_ACCURACY);

    private final DDSketch sketch = new DDSketch(MAPPING, UnboundedSizeDenseStore::new);
    private long count;

    /** The SQL expression of the bin of a latency given in microseconds: the function of migration V8, inlined by PostgreSQL. */
    public static String binSql(String latencyUs) {
        return "latency_bin(" + latencyUs + ")";
    }

    public static int bin(long latencyUs) {
        return latencyUs == 0 ? 0 : (int) Math.floor(Math.log(latencyUs) * MULTIPLIER) + 1;
    }

    public static long pack(int bin, long count) {
        return ((long) bin << COUNT_BITS) | count;
    }

    /** Adds {@code count} latencies that fall in {@code bin}. */
    public void add(int bin, long count) {
        if (count <= 0) {
            return;
        }
        if (bin == 0) {
            sketch.accept(0, count);
        } else {
            sketch.getPositiveValueStore().add(bin - 1, count);
        }
        this.count += count;
    }

    public void addLatency(long latencyUs) {
        add(bin(latencyUs), 1);
    }

    /** Adds a stored sketch, as {@code array_send(latency_sketch)} returns it (PostgreSQL's binary array format). */
    public void addArraySend(byte[] arraySend) {
        ByteBuffer b = ByteBuffer.wrap(arraySend);
        int dimensions = b.getInt();
        b.getInt(); // has-nulls flag: the arrays never hold NULL
        b.getInt(); // element type: int8
        if (dimensions == 0) {
            return;
        }
        int length = b.getInt();
        b.getInt(); // lower bound
        for (int i = 0; i < length; i++) {
            b.getInt(); // element length: 8
            addPacked(b.getLong());
        }
    }

    public void addPacked(long element) {
        add((int) (element >>> COUNT_BITS), element & COUNT_MASK);
    }

    public void addAll(LatencySketch other) {
        sketch.mergeWith(other.sketch);
        count += other.count;
    }

    public long count() {
        return count;
    }

    /**
     * The q-quantile (0..1) in milliseconds: the value of rank floor(q * (n - 1)) among the n latencies,
     * within 1%; at most {@code maxUs} (the row's exact maximum) when given. Null when empty.
     */
    public Double quantileMs(double q, Long maxUs) {
        if (count == 0) {
            return null;
        }
        double us = sketch.getValueAtQuantile(q);
        if (maxUs != null) {
            us = Math.min(us, maxUs);
        }
        return us / 1000;
    }
}
