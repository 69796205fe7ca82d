package io.hybridllm.heavy.decoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TextStreamerTest {

    /** Each id is one byte of a UTF-8 string; decoding replaces broken sequences like HF does. */
    private static final Function<long[], String> BYTES = ids -> {
        byte[] bytes = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            bytes[i] = (byte) ids[i];
        }
        return new String(bytes, StandardCharsets.UTF_8);
    };

    private static String feed(TextStreamer streamer, String text, StringBuilder out) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.append(streamer.push(b & 0xff));
            if (streamer.stopped()) {
                break;
            }
        }
        out.append(streamer.flush());
        return out.toString();
    }

    @Test
    void incompleteUtf8IsHeldBack() {
        TextStreamer streamer = new TextStreamer(BYTES, List.of());
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        assertEquals("", streamer.push(euro[0] & 0xff));
        assertEquals("", streamer.push(euro[1] & 0xff));
        assertEquals("€", streamer.push(euro[2] & 0xff));
    }

    @Test
    void stopPrefixIsHeldThenReleasedWhenItDoesNotMatch() {
        TextStreamer streamer = new TextStreamer(BYTES, List.of("END"));
        assertEquals("ab", streamer.push('a') + streamer.push('b'));
        assertEquals("", streamer.push('E'));
        assertEquals("", streamer.push('N'));
        assertEquals("ENx", streamer.push('x'));
        assertEquals("abENx", streamer.text());
    }

    @Test
    void stopStringEndsTextAndIsNeverEmitted() {
        TextStreamer streamer = new TextStreamer(BYTES, List.of("\nuser:", "STOP"));
        String emitted = feed(streamer, " hello there\nuser: more", new StringBuilder());
        assertEquals("hello there", emitted);
        assertEquals("hello there", streamer.text());
        assertTrue(streamer.stopped());
    }

    @Test
    void partialStopAtTheEndIsFlushed() {
        TextStreamer streamer = new TextStreamer(BYTES, List.of("STOP"));
        assertEquals("go ST", feed(streamer, "go ST", new StringBuilder()));
    }
}
