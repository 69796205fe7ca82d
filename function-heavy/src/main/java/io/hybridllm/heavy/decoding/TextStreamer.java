package io.hybridllm.heavy.decoding;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Incremental detokenisation with stop strings. After each token the whole reply is decoded again
 * (byte-level BPE pieces are not self-contained: one character can span tokens), and only text
 * that is final is released:
 * <ul>
 *   <li>a trailing U+FFFD means an incomplete UTF-8 sequence, so it is held back;</li>
 *   <li>a suffix that could be the start of a stop string is held back until it is decided;</li>
 *   <li>once a stop string appears, the text before it is the answer and nothing after is emitted.</li>
 * </ul>
 * Leading whitespace is dropped, because chat prompts end with "assistant:" and the model's first
 * token usually starts with a space. Streamed deltas always concatenate to {@link #text()}.
 */
public final class TextStreamer {

    private final Function<long[], String> decoder;
    private final List<String> stops;
    private long[] ids = new long[16];
    private int count;
    private String text = "";
    private int emitted;
    private boolean stopped;

    public TextStreamer(Function<long[], String> decoder, List<String> stops) {
        this.decoder = decoder;
        this.stops = stops;
    }

    /** Adds a token; returns the text that became final (possibly ""). */
    public String push(long id) {
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
        }
        ids[count++] = id;
        String full = stripLeading(decoder.apply(Arrays.copyOf(ids, count)));
        int cut = firstStop(full);
        if (cut >= 0) {
            stopped = true;
            text = full.substring(0, cut);
            return release(text.length());
        }
        text = full;
        int safe = full.length();
        while (safe > 0 && full.charAt(safe - 1) == '\uFFFD') {
            safe--;
        }
        safe -= heldForStop(full.substring(0, safe));
        return release(safe);
    }

    /** At the end of generation: whatever was held back (a partial stop string) is final. */
    public String flush() {
        if (stopped) {
            return "";
        }
        // A dangling replacement char at the very end really is undecodable output; drop it.
        String finalText = text;
        while (finalText.endsWith("\uFFFD")) {
            finalText = finalText.substring(0, finalText.length() - 1);
        }
        text = finalText;
        return release(text.length());
    }

    public boolean stopped() {
        return stopped;
    }

    public String text() {
        return text;
    }

    private String release(int upTo) {
        if (upTo <= emitted) {
            return "";
        }
        String delta = text.substring(emitted, upTo);
        emitted = upTo;
        return delta;
    }

    private int firstStop(String full) {
        int best = -1;
        // Only search from where a new match could start: earlier text was already checked.
        for (String stop : stops) {
            int from = Math.max(0, emitted - stop.length());
            int at = full.indexOf(stop, from);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    /** Length of the longest suffix of {@code full} that is a proper prefix of some stop string. */
    private int heldForStop(String full) {
        int held = 0;
        for (String stop : stops) {
            for (int k = Math.min(stop.length() - 1, full.length()); k > held; k--) {
                if (full.endsWith(stop.substring(0, k))) {
                    held = k;
                    break;
                }
            }
        }
        return held;
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }
}
