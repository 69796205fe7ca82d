package io.hybridllm.harness.demo;

import java.io.PrintStream;

/** A one-line progress bar on a terminal; every tenth on a log. */
final class ProgressBar {

    private final PrintStream out;
    private final int total;
    private final boolean terminal = System.console() != null;
    private int lastDecile = -1;

    ProgressBar(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    synchronized void update(int done, String status) {
        if (terminal) {
            int width = 40;
            int filled = total == 0 ? width : done * width / total;
            out.printf("\r[%s%s] %d/%d %s   ", "#".repeat(filled), ".".repeat(width - filled), done, total, status);
            if (done == total) {
                out.println();
            }
        } else {
            int decile = total == 0 ? 10 : done * 10 / total;
            if (decile != lastDecile) {
                lastDecile = decile;
                out.printf("  %3d%% (%d/%d) %s%n", decile * 10, done, total, status);
            }
        }
        out.flush();
    }
}
