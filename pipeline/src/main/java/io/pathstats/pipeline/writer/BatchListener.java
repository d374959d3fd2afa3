package io.pathstats.pipeline.writer;


/** Told after each committed batch; the snapshot writer uses it to know that data changed. */
@FunctionalInterface
public interface BatchListener {
    void batchCommitted(BatchResult result);
}
