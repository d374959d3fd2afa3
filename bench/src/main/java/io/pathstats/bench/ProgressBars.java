package io.pathstats.bench;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The progress bar every benchmark shows while it publishes or waits for events. */
public final class ProgressBars {
    private ProgressBars() {
    }

    public static ProgressBar events(String task, long max) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" ev", 1).showSpeed().setUpdateIntervalMillis(500).build();
    }
}
